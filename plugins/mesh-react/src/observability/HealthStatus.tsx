import { StatusError, StatusOK, StatusPending, StatusWarning } from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import { Health, HealthStatus } from '@meshfleet/plugin-mesh-common';

const LABELS: Record<HealthStatus, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  failing: 'Failing',
  unknown: 'No traffic',
};

/**
 * The label of a traffic health status.
 *
 * @public
 */
export function healthLabel(status: HealthStatus): string {
  return LABELS[status] ?? status;
}

/**
 * Colours of the four traffic health states, for graphs and charts
 * (the same hues as Backstage's status chips).
 *
 * @public
 */
export const HEALTH_COLORS: Record<HealthStatus, string> = {
  healthy: '#2e7d32',
  degraded: '#ed6c02',
  failing: '#d32f2f',
  unknown: '#9e9e9e',
};

/**
 * Props of {@link TrafficHealthStatus}.
 *
 * @public
 */
export interface TrafficHealthStatusProps {
  health: Health;
}

/**
 * A service's, workload's or edge's health from its traffic as a status chip,
 * with the reason (which error class crossed which threshold) as its tooltip.
 *
 * @public
 */
export function TrafficHealthStatus(props: TrafficHealthStatusProps) {
  const { status, reason } = props.health;
  const label = healthLabel(status);
  let chip;
  switch (status) {
    case 'healthy':
      chip = <StatusOK>{label}</StatusOK>;
      break;
    case 'degraded':
      chip = <StatusWarning>{label}</StatusWarning>;
      break;
    case 'failing':
      chip = <StatusError>{label}</StatusError>;
      break;
    default:
      chip = <StatusPending>{label}</StatusPending>;
  }
  return (
    <Tooltip title={reason}>
      <span>{chip}</span>
    </Tooltip>
  );
}
