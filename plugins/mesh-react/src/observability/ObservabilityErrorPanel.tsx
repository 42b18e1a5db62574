import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { observabilityFailure, ObservabilityFailureReason } from '@meshfleet/plugin-mesh-common';

const REASONS: Record<ObservabilityFailureReason, string> = {
  unreachable: 'is unreachable',
  timeout: 'did not answer in time',
  error: 'answered with an error',
  'bad-response': 'answered something Meshfleet cannot read',
  'not-configured': 'is not configured for this mesh',
};

/**
 * Props of {@link ObservabilityErrorPanel}.
 *
 * @public
 */
export interface ObservabilityErrorPanelProps {
  /** What could not be shown, e.g. "the topology". */
  what: string;
  error: Error;
}

/**
 * Why one observability panel is empty. When the mesh's Prometheus or Grafana
 * could not answer (the backend's 503), it says so with the reason and the
 * backend's message, and the rest of the page keeps working; any other error
 * is shown as Backstage shows response errors.
 *
 * @public
 */
export function ObservabilityErrorPanel(props: ObservabilityErrorPanelProps) {
  const failure = observabilityFailure(props.error);
  if (!failure) {
    return <ResponseErrorPanel title={`Could not read ${props.what}`} error={props.error} />;
  }
  const backend = failure.backend === 'grafana' ? 'Grafana' : 'Prometheus';
  return (
    <WarningPanel
      severity={failure.reason === 'not-configured' ? 'info' : 'warning'}
      title={`No ${props.what}: the mesh’s ${backend} ${REASONS[failure.reason] ?? failure.reason}`}
      defaultExpanded
    >
      <Typography variant="body2">{failure.message}</Typography>
    </WarningPanel>
  );
}
