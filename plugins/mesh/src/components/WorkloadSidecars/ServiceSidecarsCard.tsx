import { InfoCard, Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ComponentService } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import useAsync from 'react-use/esm/useAsync';
import { injectionText } from './sidecarText';
import { WorkloadSidecarTable } from './WorkloadSidecarTable';

/**
 * The Service Mesh tab's "Sidecars" card: in every cluster the service runs
 * in, the workloads its selector picks, whether their pods carry a sidecar
 * and of which revision, and the pods to restart. Read from the clusters on
 * mount and when the tab's Refresh changes `reloadKey`.
 */
export function ServiceSidecarsCard(props: { service: ComponentService; reloadKey?: unknown }) {
  const { meshId, namespace, name } = props.service;
  const meshApi = useApi(meshApiRef);
  const { value, loading, error } = useAsync(
    () => meshApi.listMeshWorkloads(meshId, { service: `${namespace}/${name}` }),
    [meshApi, meshId, namespace, name, props.reloadKey],
  );

  let body;
  if (loading && !value) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel title={`Could not read the workloads of ${namespace}/${name}`} error={error} />;
  } else if (value) {
    body = value.clusters.map(cluster =>
      cluster.error ? (
        <WarningPanel key={cluster.cluster} severity="error" title={`Cluster ${cluster.cluster} could not be read`}>
          {cluster.error}
        </WarningPanel>
      ) : (
        <Box key={cluster.cluster} mb={2}>
          <Typography variant="subtitle2">
            {cluster.cluster}: {cluster.namespaces.map(injectionText).join(', ')}
          </Typography>
          <WorkloadSidecarTable cluster={cluster} showNamespace={false} />
        </Box>
      ),
    );
  }
  return (
    <InfoCard title="Sidecars" subheader={`Pods of ${namespace}/${name}'s workloads in every cluster, and the ones to restart`}>
      {body}
    </InfoCard>
  );
}
