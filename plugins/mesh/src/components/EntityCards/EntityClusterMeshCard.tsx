import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ClusterView, KUBERNETES_CLUSTER_ANNOTATIONS } from '@meshfleet/plugin-mesh-common';
import { meshApiRef, Timestamp } from '@meshfleet/plugin-mesh-react';
import useAsync from 'react-use/esm/useAsync';
import { ClusterReachability } from '../ClustersPage/ClusterReachability';
import { AboutField, istioRoleLabel, MeshLink, useMeshLinks } from '../shared';
import { matchCluster } from './matchCluster';

function ClusterSummary(props: { cluster: ClusterView }) {
  const { cluster } = props;
  return (
    <Grid container spacing={2}>
      <AboutField label="Reachability">
        <ClusterReachability cluster={cluster} />
      </AboutField>
      <AboutField label="Istio role">{istioRoleLabel(cluster.istioRole)}</AboutField>
      <AboutField label="Mesh">{cluster.meshId ? <MeshLink meshId={cluster.meshId} /> : 'none'}</AboutField>
      <AboutField label="istiod revisions">{cluster.revisions.join(', ') || 'none'}</AboutField>
      <AboutField label="Network">{cluster.network ?? 'not set'}</AboutField>
      <AboutField label="Last sync">
        <Timestamp value={cluster.lastSyncAt} missing="never" />
      </AboutField>
      <AboutField label="Discovery warnings">{cluster.warnings.length || 'none'}</AboutField>
    </Grid>
  );
}

function ClusterCardBody() {
  const { entity } = useEntity();
  const meshApi = useApi(meshApiRef);
  const { value: clusters, loading, error } = useAsync(() => meshApi.listClusters(), [meshApi]);
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel title="Could not list Meshfleet's clusters" error={error} />;
  }
  const cluster = matchCluster(entity, clusters ?? []);
  if (!cluster) {
    const apiServer = entity.metadata.annotations?.[KUBERNETES_CLUSTER_ANNOTATIONS.apiServer];
    return (
      <Typography variant="body2">
        Meshfleet does not read this cluster: none of its clusters has the API server{' '}
        <code>{apiServer ?? '(no kubernetes.io/api-server annotation)'}</code> or the name{' '}
        <code>{entity.metadata.name}</code>. Add it to Backstage's Kubernetes configuration.
      </Typography>
    );
  }
  return <ClusterSummary cluster={cluster} />;
}

/**
 * Entity card for a Kubernetes cluster (`Resource` of type `kubernetes-cluster`):
 * Meshfleet's reachability of the cluster, its Istio role and its mesh.
 *
 * @public
 */
export function EntityClusterMeshCard() {
  const link = useMeshLinks().clusters();
  return (
    <InfoCard title="Service mesh" deepLink={link ? { title: 'All clusters', link } : undefined}>
      <ClusterCardBody />
    </InfoCard>
  );
}
