import { InfoCard, Progress, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import { ControlPlaneHealth } from '@meshfleet/plugin-mesh-common';
import { formatRate, meshApiRef, ObservabilityErrorPanel, TrafficHealthStatus } from '@meshfleet/plugin-mesh-react';
import useAsync from 'react-use/esm/useAsync';

type Revision = ControlPlaneHealth['revisions'][number];

function figure(value: number | null, format: (v: number) => string = v => String(Math.round(v * 100) / 100)) {
  return value === null ? '—' : format(value);
}

const columns: TableColumn<Revision>[] = [
  { title: 'Revision', field: 'revision' },
  {
    title: 'Health',
    render: r => (
      <>
        <TrafficHealthStatus health={r.health} />
        <Typography variant="caption" display="block" color="textSecondary">
          {r.health.reason}
        </Typography>
      </>
    ),
  },
  { title: 'istiod instances', render: r => figure(r.figures.instances) },
  { title: 'Connected proxies', render: r => figure(r.figures.connectedProxies) },
  { title: 'Push rate', render: r => figure(r.figures.pushRate, v => formatRate(v, 'pushes/s')) },
  { title: 'Failed pushes', render: r => figure(r.figures.pushErrorRate, v => formatRate(v, '/s')) },
  { title: 'Convergence p99', render: r => figure(r.figures.convergenceP99Seconds, v => `${v.toFixed(2)} s`) },
  { title: 'Rejected configs', render: r => figure(r.figures.rejects) },
  { title: 'Conflicts', render: r => figure(r.figures.conflicts) },
];

/**
 * The control plane's health per istiod revision, from istiod's own metrics
 * in the mesh's Prometheus: connected proxies, push rate, convergence p99,
 * rejected configurations, conflicts. Reads on mount and again when
 * `reloadKey` changes (the mesh page passes the mesh it read last).
 */
export function ControlPlaneHealthCard(props: { meshId: string; reloadKey?: unknown }) {
  const meshApi = useApi(meshApiRef);
  const { value, loading, error } = useAsync(
    () => meshApi.getControlPlaneHealth(props.meshId),
    [meshApi, props.meshId, props.reloadKey],
  );
  if (error) {
    return (
      <InfoCard title="Control plane health">
        <ObservabilityErrorPanel what="control-plane health" error={error} />
      </InfoCard>
    );
  }
  if (loading || !value) {
    return (
      <InfoCard title="Control plane health">
        <Progress />
      </InfoCard>
    );
  }
  return (
    <Table<Revision>
      title="Control plane health"
      subtitle={`istiod's own metrics over ${value.window}`}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={value.revisions}
      emptyContent={<Typography style={{ padding: 16 }}>No istiod revision found for this mesh.</Typography>}
    />
  );
}
