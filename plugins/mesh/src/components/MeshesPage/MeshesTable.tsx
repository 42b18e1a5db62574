import { Table, TableColumn } from '@backstage/core-components';
import { MeshView } from '@meshfleet/plugin-mesh-common';

const columns: TableColumn<MeshView>[] = [
  { title: 'Mesh', field: 'title', highlight: true, render: mesh => `${mesh.title} (${mesh.id})` },
  { title: 'Type', field: 'type' },
  { title: 'Control plane', field: 'controlPlaneCluster' },
  {
    title: 'Member clusters',
    render: mesh => {
      const members = mesh.clusters.filter(c => c.role === 'remote').map(c => c.cluster);
      return members.length ? members.join(', ') : '—';
    },
  },
  {
    title: 'Istio',
    render: mesh => `${mesh.istioVersion ?? 'unknown version'} (${mesh.revisions.join(', ') || 'no revision'})`,
  },
  { title: 'Health', field: 'health' },
];

/** The meshes Meshfleet manages or found, one row each. */
export function MeshesTable(props: { meshes: MeshView[] }) {
  return (
    <Table<MeshView>
      title={`Service meshes (${props.meshes.length})`}
      options={{ paging: props.meshes.length > 20, pageSize: 20, search: true }}
      columns={columns}
      data={props.meshes}
    />
  );
}
