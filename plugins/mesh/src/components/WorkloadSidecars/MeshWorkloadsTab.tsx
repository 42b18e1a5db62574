import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { MeshDetail, MeshWorkloads } from '@meshfleet/plugin-mesh-common';
import { meshApiRef, Timestamp } from '@meshfleet/plugin-mesh-react';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ChoiceSelect } from '../componentServices';
import { MultiSelect } from '../MeshTopologyPage/MultiSelect';
import { RefreshButton } from '../shared';
import { ClusterWorkloadsSection } from './ClusterWorkloadsSection';

/** Props of {@link MeshWorkloadsTab}. */
export interface MeshWorkloadsTabProps {
  mesh: MeshDetail;
}

const ALL = '*';

function summaryOf(answer: MeshWorkloads): string {
  const workloads = answer.clusters.flatMap(c => c.workloads);
  const flagged = workloads.reduce((n, w) => n + w.mismatched.length, 0);
  const unread = answer.clusters.filter(c => c.error).length;
  return [
    `${workloads.length} workloads in ${answer.namespaces.join(', ') || 'no namespace'}`,
    flagged ? `${flagged} pods need a restart` : 'every pod has the sidecar its namespace asks for',
    ...(unread ? [`${unread} cluster${unread === 1 ? '' : 's'} could not be read`] : []),
  ].join('; ');
}

/**
 * The mesh page's Workloads tab: per cluster, whether the workloads' pods
 * carry a sidecar and of which revision, with the pods whose sidecar differs
 * from their namespace's flagged. Read from the clusters when opened and on
 * Refresh (the backend keeps a read a few seconds); filters by cluster and namespace.
 *
 * @public
 */
export function MeshWorkloadsTab(props: MeshWorkloadsTabProps) {
  const { mesh } = props;
  const meshApi = useApi(meshApiRef);
  const [cluster, setCluster] = useState<string>(ALL);
  const [namespaces, setNamespaces] = useState<string[]>([]);
  const namespaceChoices = [...new Set(mesh.services.map(s => s.namespace))].sort();
  const { value, loading, error, retry } = useAsyncRetry(
    () =>
      meshApi.listMeshWorkloads(mesh.id, {
        namespaces: namespaces.length ? namespaces : undefined,
        cluster: cluster === ALL ? undefined : cluster,
      }),
    [meshApi, mesh.id, cluster, namespaces.join(',')],
  );

  let body;
  if (loading && !value) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel title={`Could not read the workloads of mesh "${mesh.id}"`} error={error} />;
  } else if (value) {
    body = (
      <>
        <Grid item xs={12}>
          <Typography variant="body2">
            {summaryOf(value)}. Read at <Timestamp value={value.readAt} />.
          </Typography>
        </Grid>
        {value.clusters.map(c => (
          <Grid item xs={12} key={c.cluster}>
            <ClusterWorkloadsSection cluster={c} showNamespace={value.namespaces.length > 1} />
          </Grid>
        ))}
      </>
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 16 }}>
          <ChoiceSelect
            label="Cluster"
            value={cluster}
            choices={[[ALL, 'all clusters'], ...mesh.clusters.map(c => [c.cluster, c.cluster] as [string, string])]}
            onChange={setCluster}
          />
          <MultiSelect label="Namespaces" options={namespaceChoices} value={namespaces} onChange={setNamespaces} />
          <RefreshButton onClick={retry} disabled={loading} />
        </Box>
      </Grid>
      {body}
    </Grid>
  );
}
