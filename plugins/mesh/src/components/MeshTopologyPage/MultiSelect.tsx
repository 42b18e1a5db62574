import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import OutlinedInput from '@material-ui/core/OutlinedInput';
import Select from '@material-ui/core/Select';

/** A filter of several values; none selected means all. */
export function MultiSelect(props: { label: string; options: string[]; value: string[]; onChange(value: string[]): void }) {
  const id = `filter-${props.label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 160, maxWidth: 320 }}>
      {/* Shrunk and notched: the empty selection shows 'all', which the label would otherwise cover. */}
      <InputLabel id={id} shrink>
        {props.label}
      </InputLabel>
      <Select
        labelId={id}
        input={<OutlinedInput notched label={props.label} />}
        multiple
        value={props.value}
        onChange={event => props.onChange(event.target.value as string[])}
        renderValue={selected => ((selected as string[]).length ? (selected as string[]).join(', ') : 'all')}
        displayEmpty
        SelectDisplayProps={{ 'aria-label': `${props.label} filter` } as object}
      >
        {props.options.map(option => (
          <MenuItem key={option} value={option}>
            <Checkbox size="small" checked={props.value.includes(option)} />
            <ListItemText primary={option} />
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
