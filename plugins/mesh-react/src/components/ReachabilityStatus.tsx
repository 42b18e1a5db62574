import { StatusError, StatusOK, StatusPending } from '@backstage/core-components';
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
 * Whether Meshfleet reached a cluster's API server at its last attempt, as a status chip.
 *
 * @public
 */
export function ReachabilityStatus(props: ReachabilityStatusProps) {
  switch (props.reachability) {
    case 'reachable':
      return <StatusOK>Reachable</StatusOK>;
    case 'unreachable':
      return <StatusError>Unreachable</StatusError>;
    default:
      return <StatusPending>Not contacted yet</StatusPending>;
  }
}
