import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';

/** A labelled select of a few fixed choices (time window, grouping, …). */
export function ChoiceSelect<T extends string>(props: {
  label: string;
  value: T;
  choices: Array<[T, string]>;
  // NoInfer: T comes from value and choices; a useState setter (which also takes
  // an updater function) would otherwise widen T to string.
  onChange(value: NoInfer<T>): void;
}) {
  const id = `choice-${props.label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 140 }}>
      <InputLabel id={id}>{props.label}</InputLabel>
      <Select
        labelId={id}
        label={props.label}
        value={props.value}
        onChange={event => props.onChange(event.target.value as T)}
        SelectDisplayProps={{ 'aria-label': props.label } as object}
      >
        {props.choices.map(([value, text]) => (
          <MenuItem key={value} value={value}>
            {text}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** Rate windows offered for graphs and health. */
export const WINDOW_CHOICES: Array<['5m' | '15m' | '1h', string]> = [
  ['5m', 'last 5 minutes'],
  ['15m', 'last 15 minutes'],
  ['1h', 'last hour'],
];

/** Chart ranges offered. */
export const RANGE_CHOICES: Array<['30m' | '1h' | '6h', string]> = [
  ['30m', '30 minutes'],
  ['1h', '1 hour'],
  ['6h', '6 hours'],
];

/** How the graph boxes nodes. */
export const GROUPING_CHOICES: Array<['namespace' | 'cluster' | 'none', string]> = [
  ['namespace', 'by namespace'],
  ['cluster', 'by cluster'],
  ['none', 'none'],
];
