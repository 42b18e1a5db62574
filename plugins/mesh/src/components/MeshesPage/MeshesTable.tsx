import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { MeshView } from '@meshfleet/plugin-mesh-common';
import { formatIstioVersion, MeshHealthStatus } from '@meshfleet/plugin-mesh-react';
import { MeshLink } from '../shared';

function memberClusters(mesh: MeshView): string {
  const members = mesh.clusters.filter(c => c.role === 'remote').map(c => c.cluster);
  return members.length ? members.join(', ') : '—';
}

function countOrDash(count: number): string {
  return count === 0 ? '—' : String(count);
}

const columns: TableColumn<MeshView>[] = [
  {
    title: 'Mesh',
    field: 'title',
    highlight: true,
    render: mesh => (
      <>
        <MeshLink meshId={mesh.id}>{mesh.title}</MeshLink>
        <Typography variant="caption" display="block" color="textSecondary">
          {mesh.id}
        </Typography>
      </>
    ),
  },
  {
    title: 'Type',
    field: 'type',
    render: mesh => (mesh.managed ? mesh.type : `${mesh.type} (discovered)`),
  },
  { title: 'Istio', render: mesh => formatIstioVersion(mesh.istioVersion, mesh.revisions) },
  { title: 'Control plane', field: 'controlPlaneCluster' },
  { title: 'Member clusters', render: memberClusters },
  { title: 'Health', field: 'health', render: mesh => <MeshHealthStatus health={mesh.health} /> },
  { title: 'Services', field: 'serviceCount', type: 'numeric' },
  { title: 'Drift', render: mesh => countOrDash(mesh.drift.length) },
  { title: 'Warnings', render: mesh => countOrDash(mesh.warnings.length) },
];

/** The meshes Meshfleet manages or found, one row each. */
export function MeshesTable(props: { meshes: MeshView[] }) {
  return (
    <Table<MeshView>
      title={`Service meshes (${props.meshes.length})`}
      options={{ paging: props.meshes.length > 20, pageSize: 20, search: true, padding: 'dense' }}
      columns={columns}
      data={props.meshes}
    />
  );
}
