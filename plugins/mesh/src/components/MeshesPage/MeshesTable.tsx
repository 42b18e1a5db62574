import { Table, TableColumn } from '@backstage/core-components';
import { MeshRecord } from '@meshfleet/plugin-mesh-common';

const columns: TableColumn<MeshRecord>[] = [
  { title: 'Mesh', field: 'title', highlight: true, render: mesh => `${mesh.title} (${mesh.id})` },
  { title: 'Type', field: 'type' },
  { title: 'Control plane', field: 'controlPlaneCluster' },
  {
    title: 'Member clusters',
    render: mesh => (mesh.members.length ? mesh.members.map(m => m.cluster).join(', ') : '—'),
  },
  {
    title: 'Istio',
    render: mesh => `${mesh.istioVersion ?? 'unknown version'} (revision ${mesh.revision})`,
  },
  { title: 'Trust domain', field: 'trustDomain' },
];

/** The meshes Meshfleet manages, one row each. */
export function MeshesTable(props: { meshes: MeshRecord[] }) {
  return (
    <Table<MeshRecord>
      title={`Service meshes (${props.meshes.length})`}
      options={{ paging: props.meshes.length > 20, pageSize: 20, search: true }}
      columns={columns}
      data={props.meshes}
    />
  );
}
