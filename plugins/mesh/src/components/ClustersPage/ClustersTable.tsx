import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ClusterView } from '@meshfleet/plugin-mesh-common';
import { Timestamp } from '@meshfleet/plugin-mesh-react';
import { ReactNode } from 'react';
import { istioRoleLabel, MeshLink, WarningsList } from '../shared';
import { ClusterReachability } from './ClusterReachability';

function Caption(props: { children: ReactNode }) {
  return (
    <Typography variant="caption" display="block" color="textSecondary">
      {props.children}
    </Typography>
  );
}

/** Name, API server URL, where it is configured, Kubernetes version. */
function ClusterCell(props: { cluster: ClusterView }) {
  const { cluster } = props;
  return (
    <>
      <Typography variant="body2" style={{ fontWeight: 'bold' }}>
        {cluster.name}
      </Typography>
      <Caption>{cluster.url}</Caption>
      <Caption>
        {`source: ${cluster.source}`}
        {cluster.kubernetesVersion && ` · Kubernetes ${cluster.kubernetesVersion}`}
      </Caption>
    </>
  );
}

/** Istio role, istiod revisions and network. */
function IstioCell(props: { cluster: ClusterView }) {
  const { cluster } = props;
  return (
    <>
      <Typography variant="body2">{istioRoleLabel(cluster.istioRole)}</Typography>
      {cluster.revisions.length > 0 && <Caption>{`istiod revisions: ${cluster.revisions.join(', ')}`}</Caption>}
      {cluster.network && <Caption>{`network: ${cluster.network}`}</Caption>}
    </>
  );
}

const columns: TableColumn<ClusterView>[] = [
  {
    title: 'Cluster',
    field: 'name',
    highlight: true,
    customFilterAndSearch: (term: string, c) => `${c.name} ${c.url} ${c.source}`.includes(term),
    render: c => <ClusterCell cluster={c} />,
  },
  { title: 'Reachability', field: 'reachability', render: c => <ClusterReachability cluster={c} /> },
  { title: 'Last sync', field: 'lastSyncAt', render: c => <Timestamp value={c.lastSyncAt} missing="never" /> },
  { title: 'Istio', field: 'istioRole', render: c => <IstioCell cluster={c} /> },
  { title: 'Mesh', field: 'meshId', render: c => (c.meshId ? <MeshLink meshId={c.meshId} /> : '—') },
  { title: 'Discovery warnings', render: c => <WarningsList warnings={c.warnings} /> },
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
