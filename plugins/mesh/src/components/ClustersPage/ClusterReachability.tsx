import Typography from '@material-ui/core/Typography';
import { ClusterView } from '@meshfleet/plugin-mesh-common';
import { ReachabilityStatus, Timestamp } from '@meshfleet/plugin-mesh-react';

/**
 * Reachability of a cluster; for an unreachable one also the last error and
 * since when, for one that needs user credentials which credential it lacks.
 */
export function ClusterReachability(props: { cluster: ClusterView }) {
  const { cluster } = props;
  return (
    <>
      <ReachabilityStatus reachability={cluster.reachability} />
      {cluster.reachability === 'unreachable' && (
        <>
          {cluster.unreachableSince && (
            <Typography variant="body2" component="div">
              since <Timestamp value={cluster.unreachableSince} />
            </Typography>
          )}
          <Typography variant="body2" component="div" color="error">
            {cluster.error ?? 'No error recorded'}
          </Typography>
        </>
      )}
      {cluster.reachability === 'needs-user-credentials' && cluster.error && (
        <Typography variant="body2" component="div">
          {cluster.error}
        </Typography>
      )}
    </>
  );
}
