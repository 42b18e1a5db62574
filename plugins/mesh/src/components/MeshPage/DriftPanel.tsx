import { InfoCard, StatusOK, Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { DriftItem, MeshView } from '@meshfleet/plugin-mesh-common';

const columns: TableColumn<DriftItem>[] = [
  { title: 'What', field: 'message', highlight: true },
  { title: 'Cluster', field: 'cluster', render: d => d.cluster ?? '—' },
  { title: 'Expected (Meshfleet)', field: 'expected', render: d => d.expected ?? '—' },
  { title: 'Actual (cluster)', field: 'actual', render: d => d.actual ?? '—' },
  { title: 'Kind', field: 'kind' },
];

/** Why there is no intended state to compare with, or undefined when there is one. */
function untrackedReason(mesh: MeshView): string | undefined {
  if (!mesh.managed) {
    return 'Drift is not tracked for this mesh: Meshfleet discovered it in the clusters and holds no intended state for it.';
  }
  if (mesh.type === 'external') {
    return 'Drift is not tracked for external meshes: Meshfleet did not create this mesh, so it has no intended state to compare the clusters with.';
  }
  return undefined;
}

/** The differences between what Meshfleet intended for the mesh and what the clusters show. */
export function DriftPanel(props: { mesh: MeshView }) {
  const { mesh } = props;
  const reason = untrackedReason(mesh);
  if (mesh.drift.length > 0) {
    return (
      <Table<DriftItem>
        title={`Drift (${mesh.drift.length})`}
        subtitle="Meshfleet's intended state differs from what the clusters show"
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={columns}
        data={mesh.drift}
      />
    );
  }
  return (
    <InfoCard title="Drift">
      {reason ? (
        <Typography variant="body2">{reason}</Typography>
      ) : (
        <StatusOK>No drift: the clusters match what Meshfleet intended.</StatusOK>
      )}
    </InfoCard>
  );
}
