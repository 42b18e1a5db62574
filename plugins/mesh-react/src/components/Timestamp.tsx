import Tooltip from '@material-ui/core/Tooltip';

/**
 * Formats an ISO 8601 time as `YYYY-MM-DD HH:MM:SS UTC`, the form cluster
 * operators compare with logs. Returns the input unchanged when it is not a time.
 *
 * @public
 */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * Props of {@link Timestamp}.
 *
 * @public
 */
export interface TimestampProps {
  /** ISO 8601 time; when absent, `missing` is shown. */
  value?: string;
  /** Text shown when there is no time, e.g. `never`. */
  missing?: string;
}

/**
 * A point in time in UTC, with the original value in a tooltip.
 *
 * @public
 */
export function Timestamp(props: TimestampProps) {
  if (!props.value) {
    return <>{props.missing ?? '—'}</>;
  }
  return (
    <Tooltip title={props.value}>
      <time dateTime={props.value}>{formatUtc(props.value)}</time>
    </Tooltip>
  );
}
