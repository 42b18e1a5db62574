import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/** Shown when Meshfleet reads no cluster: where clusters come from. */
export function ClustersEmptyState() {
  return (
    <EmptyState
      missing="data"
      title="No clusters"
      description={
        <Typography variant="body1" component="span" display="block">
          Meshfleet reads the clusters of Backstage's Kubernetes plugin. Add them under{' '}
          <code>kubernetes.clusterLocatorMethods</code> in <code>app-config.yaml</code>, or register
          catalog Resources of type <code>kubernetes-cluster</code> with the{' '}
          <code>kubernetes.io/api-server</code> annotation.
        </Typography>
      }
    />
  );
}
