import { StatusError, StatusOK, StatusPending, StatusWarning } from '@backstage/core-components';
import { ClusterReachability } from '@meshfleet/plugin-mesh-common';

/**
 * Props of {@link ReachabilityStatus}.
 *
 * @public
 */
export interface ReachabilityStatusProps {
  reachability: ClusterReachability;
}

/**
 * Whether Meshfleet reached a cluster's API server at its last attempt, as a
 * status chip. A cluster that needs a signed-in user's token is not an outage:
 * it is shown as a warning, not an error.
 *
 * @public
 */
export function ReachabilityStatus(props: ReachabilityStatusProps) {
  switch (props.reachability) {
    case 'reachable':
      return <StatusOK>Reachable</StatusOK>;
    case 'unreachable':
      return <StatusError>Unreachable</StatusError>;
    case 'needs-user-credentials':
      return <StatusWarning>Needs a signed-in user</StatusWarning>;
    default:
      return <StatusPending>Not contacted yet</StatusPending>;
  }
}
