import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { MeshView } from '@meshfleet/plugin-mesh-common';
import { formatIstioVersion, MeshHealthStatus } from '@meshfleet/plugin-mesh-react';
import { ReactNode } from 'react';
import { MeshLink } from '../shared';

function Caption(props: { children: ReactNode }) {
  return (
    <Typography variant="caption" display="block" color="textSecondary">
      {props.children}
    </Typography>
  );
}

/** The control-plane cluster, then the members. */
function ClustersCell(props: { mesh: MeshView }) {
  const members = props.mesh.clusters.filter(c => c.role === 'remote').map(c => c.cluster);
  return (
    <>
      <Typography variant="body2">{`${props.mesh.controlPlaneCluster} (control plane)`}</Typography>
      <Caption>{members.length ? `members: ${members.join(', ')}` : 'no member clusters'}</Caption>
    </>
  );
}

/** Drift and discovery warnings that need someone's attention. */
function attentionText(mesh: MeshView): string {
  const parts = [];
  if (mesh.drift.length) {
    parts.push(`${mesh.drift.length} drift`);
  }
  if (mesh.warnings.length) {
    parts.push(`${mesh.warnings.length} warning${mesh.warnings.length === 1 ? '' : 's'}`);
  }
  return parts.join(', ') || '—';
}

const noWrap = { whiteSpace: 'nowrap' } as const;

const columns: TableColumn<MeshView>[] = [
  {
    title: 'Mesh',
    field: 'title',
    highlight: true,
    cellStyle: noWrap,
    render: mesh => (
      <>
        <MeshLink meshId={mesh.id}>{mesh.title}</MeshLink>
        <Caption>{mesh.id}</Caption>
      </>
    ),
  },
  {
    title: 'Type',
    field: 'type',
    render: mesh => (mesh.managed ? mesh.type : `${mesh.type} (discovered)`),
  },
  { title: 'Istio', render: mesh => formatIstioVersion(mesh.istioVersion, mesh.revisions) },
  {
    title: 'Clusters',
    field: 'controlPlaneCluster',
    customFilterAndSearch: (term: string, mesh) => mesh.clusters.some(c => c.cluster.includes(term)),
    render: mesh => <ClustersCell mesh={mesh} />,
  },
  { title: 'Health', field: 'health', cellStyle: noWrap, render: mesh => <MeshHealthStatus health={mesh.health} /> },
  { title: 'Services', field: 'serviceCount', type: 'numeric' },
  { title: 'Drift and warnings', render: attentionText },
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
