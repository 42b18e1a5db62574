import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { ComponentService } from '@meshfleet/plugin-mesh-common';
import {
  meshApiRef,
  ObservabilityErrorPanel,
  RefreshControls,
  TopologyGraphView,
  TopologyGrouping,
} from '@meshfleet/plugin-mesh-react';
import { useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ChoiceSelect, ComponentServiceContent, GROUPING_CHOICES, RANGE_CHOICES, WINDOW_CHOICES } from '../componentServices';
import { EnableMeshForServiceLink } from '../MeshTemplates';
import { MeshLink } from '../shared';
import { ServiceSidecarsCard } from '../WorkloadSidecars';
import { ServiceCharts } from './ServiceCharts';
import { ServiceHealthSummary } from './ServiceHealthSummary';
import { ServicePoliciesCard } from './ServicePoliciesCard';
import { SidecarTable } from './SidecarTable';

function ServiceMeshView(props: { service: ComponentService; picker: JSX.Element }) {
  const { service } = props;
  const { entity } = useEntity();
  const meshApi = useApi(meshApiRef);
  const [window, setWindow] = useState<(typeof WINDOW_CHOICES)[number][0]>('5m');
  const [range, setRange] = useState<(typeof RANGE_CHOICES)[number][0]>('1h');
  const [grouping, setGrouping] = useState<TopologyGrouping>('cluster');
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration(g => g + 1), []);
  const { meshId, namespace, name } = service;

  // Each part reads on its own, so one that fails (Prometheus down) leaves the others working.
  const health = useAsync(
    () => meshApi.getServiceHealth(meshId, namespace, name, { window }),
    [meshApi, meshId, namespace, name, window, generation],
  );
  const topology = useAsync(
    () => meshApi.getTopology(meshId, { service: `${namespace}/${name}`, window }),
    [meshApi, meshId, namespace, name, window, generation],
  );
  const metrics = useAsync(
    () => meshApi.getServiceMetrics(meshId, namespace, name, { range }),
    [meshApi, meshId, namespace, name, range, generation],
  );

  let graph;
  if (topology.error) {
    graph = <ObservabilityErrorPanel what="topology" error={topology.error} />;
  } else if (!topology.value) {
    graph = <Progress />;
  } else {
    graph = <TopologyGraphView graph={topology.value} grouping={grouping} focusNodeId={`svc:${namespace}:${name}`} height={520} />;
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" flexWrap="wrap" alignItems="center" justifyContent="space-between" style={{ gap: 16 }}>
          <Box display="flex" alignItems="center" style={{ gap: 16 }} flexWrap="wrap">
            {props.picker}
            <span>
              Mesh <MeshLink meshId={meshId}>{service.meshTitle}</MeshLink>
            </span>
          </Box>
          <Box display="flex" alignItems="center" style={{ gap: 16 }} flexWrap="wrap">
            <ChoiceSelect label="Window" value={window} choices={WINDOW_CHOICES} onChange={setWindow} />
            <RefreshControls onRefresh={refresh} loading={health.loading || topology.loading || metrics.loading} />
          </Box>
        </Box>
      </Grid>
      {service.clusters.some(c => !c.injected) && (
        <Grid item xs={12}>
          <EnableMeshForServiceLink entity={entity} service={service} />
        </Grid>
      )}
      <Grid item xs={12}>
        <ServiceHealthSummary health={health.value} loading={health.loading} error={health.error} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Topology"
          subheader={
            topology.value
              ? `callers and callees of ${namespace}/${name} over ${topology.value.window}; dashed edges cross clusters`
              : undefined
          }
          action={<ChoiceSelect label="Grouping" value={grouping} choices={GROUPING_CHOICES} onChange={setGrouping} />}
        >
          {graph}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <Box display="flex" justifyContent="flex-end" mb={1}>
          <ChoiceSelect label="Chart range" value={range} choices={RANGE_CHOICES} onChange={setRange} />
        </Box>
        <ServiceCharts metrics={metrics.value} loading={metrics.loading} error={metrics.error} />
      </Grid>
      <Grid item xs={12}>
        <ServiceSidecarsCard service={service} reloadKey={generation} />
      </Grid>
      <Grid item xs={12}>
        <SidecarTable service={service} health={health.value} />
      </Grid>
      <Grid item xs={12}>
        <ServicePoliciesCard service={service} />
      </Grid>
    </Grid>
  );
}

/**
 * The Service Mesh tab of a Component: its mesh service's health, the
 * topology around it (React Flow), charts by cluster, and the sidecar state of
 * its workloads in every cluster, and the Istio policies that apply to it with
 * forms for the common cases. Reads on mount and on Refresh (or every 30
 * seconds while the user has auto-refresh on).
 *
 * @public
 */
export function EntityServiceMeshContent() {
  return (
    <ComponentServiceContent>{(service, picker) => <ServiceMeshView service={service} picker={picker} />}</ComponentServiceContent>
  );
}
