import { Table, TableColumn } from '@backstage/core-components';
import { MeshClusterView } from '@meshfleet/plugin-mesh-common';
import { ReachabilityStatus } from '@meshfleet/plugin-mesh-react';
import { meshClusterRoleLabel } from '../shared';

const columns: TableColumn<MeshClusterView>[] = [
  { title: 'Cluster', field: 'cluster', highlight: true },
  { title: 'Role', field: 'role', render: c => meshClusterRoleLabel(c.role) },
  { title: 'Network', field: 'network', render: c => c.network ?? '—' },
  {
    title: 'Reachability',
    field: 'reachability',
    render: c => <ReachabilityStatus reachability={c.reachability} />,
  },
];

/** The clusters of one mesh: control plane first, then the members. */
export function MeshClustersTable(props: { clusters: MeshClusterView[] }) {
  const clusters = [...props.clusters].sort(
    (a, b) => Number(a.role !== 'control-plane') - Number(b.role !== 'control-plane') || a.cluster.localeCompare(b.cluster),
  );
  return (
    <Table<MeshClusterView>
      title={`Clusters (${clusters.length})`}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={clusters}
    />
  );
}
