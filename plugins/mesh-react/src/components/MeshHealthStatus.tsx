import { StatusError, StatusOK, StatusPending, StatusWarning } from '@backstage/core-components';
import { MeshHealth } from '@meshfleet/plugin-mesh-common';

/**
 * Props of {@link MeshHealthStatus}.
 *
 * @public
 */
export interface MeshHealthStatusProps {
  health: MeshHealth;
}

/**
 * A mesh's health as a status chip: `healthy` (control plane ready, every
 * cluster reachable), `degraded`, or `unknown` before the first read.
 *
 * @public
 */
export function MeshHealthStatus(props: MeshHealthStatusProps) {
  switch (props.health) {
    case 'healthy':
      return <StatusOK>Healthy</StatusOK>;
    case 'degraded':
      return <StatusWarning>Degraded</StatusWarning>;
    case 'unknown':
      return <StatusPending>Not read yet</StatusPending>;
    default:
      return <StatusError>{String(props.health)}</StatusError>;
  }
}
