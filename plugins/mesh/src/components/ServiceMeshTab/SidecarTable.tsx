import { Table, TableColumn } from '@backstage/core-components';
import { ComponentService, ServiceHealth } from '@meshfleet/plugin-mesh-common';
import { TrafficHealthStatus } from '@meshfleet/plugin-mesh-react';

interface Row {
  cluster: string;
  injected: boolean;
  workloads: ServiceHealth['clusters'][number]['workloads'];
}

const columns: TableColumn<Row>[] = [
  { title: 'Cluster', field: 'cluster' },
  {
    title: 'Sidecar injection',
    render: row => (row.injected ? 'on (namespace injected)' : 'off: pods start without a sidecar'),
  },
  {
    title: 'Workloads seen in traffic (with sidecar)',
    render: row =>
      row.workloads.length === 0
        ? 'none in this window'
        : row.workloads.map(w => (
            <div key={w.name} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
              {w.name} <TrafficHealthStatus health={w.health} />
            </div>
          )),
  },
];

/**
 * Per cluster, whether the namespace injects sidecars there (the mesh model)
 * and which workloads reported traffic through a sidecar in the window (the
 * metrics). The pods' own sidecars and revisions are the Sidecars card's
 * (read from the clusters); this table is what the traffic says.
 */
export function SidecarTable(props: { service: ComponentService; health?: ServiceHealth }) {
  const rows: Row[] = props.service.clusters.map(c => ({
    cluster: c.cluster,
    injected: c.injected,
    workloads: props.health?.clusters.find(h => h.cluster === c.cluster)?.workloads ?? [],
  }));
  return (
    <Table<Row>
      title="Workloads in traffic by cluster"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={rows}
    />
  );
}
