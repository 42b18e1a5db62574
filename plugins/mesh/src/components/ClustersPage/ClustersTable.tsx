import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ClusterView } from '@meshfleet/plugin-mesh-common';
import { Timestamp } from '@meshfleet/plugin-mesh-react';
import { istioRoleLabel, MeshLink, WarningsList } from '../shared';
import { ClusterReachability } from './ClusterReachability';

const columns: TableColumn<ClusterView>[] = [
  {
    title: 'Cluster',
    field: 'name',
    highlight: true,
    render: c => (
      <>
        {c.name}
        {c.kubernetesVersion && (
          <Typography variant="caption" display="block" color="textSecondary">
            Kubernetes {c.kubernetesVersion}
          </Typography>
        )}
      </>
    ),
  },
  { title: 'API server', field: 'url' },
  { title: 'Source', field: 'source' },
  { title: 'Reachability', field: 'reachability', render: c => <ClusterReachability cluster={c} /> },
  { title: 'Last sync', field: 'lastSyncAt', render: c => <Timestamp value={c.lastSyncAt} missing="never" /> },
  { title: 'Istio role', field: 'istioRole', render: c => istioRoleLabel(c.istioRole) },
  { title: 'Mesh', field: 'meshId', render: c => (c.meshId ? <MeshLink meshId={c.meshId} /> : '—') },
  { title: 'Network', field: 'network', render: c => c.network ?? '—' },
  { title: 'istiod revisions', render: c => c.revisions.join(', ') || '—' },
  { title: 'Warnings', render: c => <WarningsList warnings={c.warnings} /> },
];

/** Every cluster Meshfleet reads, one row each. */
export function ClustersTable(props: { clusters: ClusterView[] }) {
  const unreachable = props.clusters.filter(c => c.reachability === 'unreachable').length;
  return (
    <Table<ClusterView>
      title={`Clusters (${props.clusters.length})${unreachable ? `, ${unreachable} unreachable` : ''}`}
      options={{ paging: props.clusters.length > 20, pageSize: 20, search: true, padding: 'dense' }}
      columns={columns}
      data={props.clusters}
    />
  );
}
