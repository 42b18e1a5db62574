import { Content, ContentHeader, InfoCard, Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { HealthStatus, TopologyEdge } from '@meshfleet/plugin-mesh-common';
import {
  filterTopology,
  meshApiRef,
  ObservabilityErrorPanel,
  RefreshControls,
  TopologyGraphView,
  TopologyGrouping,
} from '@meshfleet/plugin-mesh-react';
import { useCallback, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ChoiceSelect, GROUPING_CHOICES, WINDOW_CHOICES } from '../componentServices';
import { MeshNotFound } from '../MeshPage/MeshNotFound';
import { isNotFoundError, useMeshLinks } from '../shared';
import { MultiSelect } from './MultiSelect';

const HEALTH_OPTIONS: HealthStatus[] = ['healthy', 'degraded', 'failing', 'unknown'];
const PROTOCOL_OPTIONS: Array<TopologyEdge['protocol']> = ['http', 'grpc', 'tcp'];

/** Props of {@link MeshTopologyPage}. */
export interface MeshTopologyPageProps {
  meshId: string;
}

/**
 * The traffic graph of a whole mesh, merged across its clusters, with filters:
 * namespaces and clusters (asked of the backend), health and protocol (applied
 * here), boxes by namespace or cluster that collapse (large meshes start
 * collapsed), and only what is on screen drawn. Reads on mount and on Refresh.
 */
export function MeshTopologyPage(props: MeshTopologyPageProps) {
  const { meshId } = props;
  const meshApi = useApi(meshApiRef);
  const meshLink = useMeshLinks().mesh(meshId);
  const [namespaces, setNamespaces] = useState<string[]>([]);
  const [clusters, setClusters] = useState<string[]>([]);
  const [health, setHealth] = useState<string[]>([]);
  const [protocols, setProtocols] = useState<string[]>([]);
  const [grouping, setGrouping] = useState<TopologyGrouping>('namespace');
  const [window, setWindow] = useState<(typeof WINDOW_CHOICES)[number][0]>('5m');
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration(g => g + 1), []);

  const mesh = useAsync(() => meshApi.getMesh(meshId), [meshApi, meshId, generation]);
  const topology = useAsync(
    () => meshApi.getTopology(meshId, { namespaces, clusters, window }),
    [meshApi, meshId, namespaces.join(), clusters.join(), window, generation],
  );
  const graph = useMemo(
    () =>
      topology.value &&
      filterTopology(topology.value, {
        health: health as HealthStatus[],
        protocols: protocols as Array<TopologyEdge['protocol']>,
      }),
    [topology.value, health, protocols],
  );

  if (mesh.error && isNotFoundError(mesh.error)) {
    return (
      <Content>
        <MeshNotFound meshId={meshId} />
      </Content>
    );
  }
  const namespaceOptions = [...new Set(mesh.value?.services.map(s => s.namespace) ?? [])].sort();
  const clusterOptions = mesh.value?.clusters.map(c => c.cluster) ?? [];

  let body;
  if (topology.error) {
    body = <ObservabilityErrorPanel what="topology" error={topology.error} />;
  } else if (!graph) {
    body = <Progress />;
  } else {
    body = <TopologyGraphView graph={graph} grouping={grouping} height={680} />;
  }
  return (
    <Content>
      <ContentHeader title={`Topology of ${mesh.value?.title ?? meshId}`} description="Traffic from Istio's metrics, merged across clusters">
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          {meshLink && <Link to={meshLink}>Back to the mesh</Link>}
          <RefreshControls onRefresh={refresh} loading={topology.loading} />
        </Box>
      </ContentHeader>
      {mesh.error && <ResponseErrorPanel title={`Could not read mesh "${meshId}"`} error={mesh.error} />}
      <Box display="flex" flexWrap="wrap" style={{ gap: 12 }} mb={2} role="group" aria-label="topology filters">
        <MultiSelect label="Namespace" options={namespaceOptions} value={namespaces} onChange={setNamespaces} />
        <MultiSelect label="Cluster" options={clusterOptions} value={clusters} onChange={setClusters} />
        <MultiSelect label="Health" options={HEALTH_OPTIONS} value={health} onChange={setHealth} />
        <MultiSelect label="Protocol" options={PROTOCOL_OPTIONS} value={protocols} onChange={setProtocols} />
        <ChoiceSelect label="Grouping" value={grouping} choices={GROUPING_CHOICES} onChange={setGrouping} />
        <ChoiceSelect label="Window" value={window} choices={WINDOW_CHOICES} onChange={setWindow} />
      </Box>
      <InfoCard
        title="Mesh topology"
        subheader={
          graph
            ? `${graph.nodes.length} nodes, ${graph.edges.length} edges over ${graph.window} (${graph.reporter} telemetry); dashed edges cross clusters`
            : undefined
        }
      >
        {body}
        {graph && topology.value && graph.nodes.length < topology.value.nodes.length && (
          <Typography variant="caption" color="textSecondary">
            Filters hide {topology.value.nodes.length - graph.nodes.length} of {topology.value.nodes.length} nodes.
          </Typography>
        )}
      </InfoCard>
    </Content>
  );
}
