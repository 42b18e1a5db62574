import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { PolicyFilter } from './policyRows';

function FilterSelect(props: { label: string; value?: string; choices: string[]; onChange(value?: string): void }) {
  return (
    <TextField
      select
      size="small"
      variant="outlined"
      label={props.label}
      id={`policy-filter-${props.label.toLocaleLowerCase('en-US')}`}
      value={props.value ?? ''}
      onChange={event => props.onChange(event.target.value || undefined)}
      // Show "All" rather than an empty box when nothing is chosen.
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
      style={{ minWidth: 200 }}
    >
      <MenuItem value="">All</MenuItem>
      {props.choices.map(choice => (
        <MenuItem key={choice} value={choice}>
          {choice}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Kind and namespace filters of the policies table. */
export function PolicyFilters(props: {
  filter: PolicyFilter;
  choices: { kinds: string[]; namespaces: string[] };
  onChange(filter: PolicyFilter): void;
}) {
  const { filter, choices, onChange } = props;
  return (
    <Box display="flex" style={{ gap: 16 }}>
      <FilterSelect label="Kind" value={filter.kind} choices={choices.kinds} onChange={kind => onChange({ ...filter, kind })} />
      <FilterSelect
        label="Namespace"
        value={filter.namespace}
        choices={choices.namespaces}
        onChange={namespace => onChange({ ...filter, namespace })}
      />
    </Box>
  );
}
