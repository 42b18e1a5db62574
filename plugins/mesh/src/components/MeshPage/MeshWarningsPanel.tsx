import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { DiscoveryWarning } from '@meshfleet/plugin-mesh-common';

const columns: TableColumn<DiscoveryWarning>[] = [
  { title: 'Cluster', field: 'cluster' },
  { title: 'Object', field: 'object', render: w => w.object ?? '—' },
  { title: 'Warning', field: 'message', highlight: true },
];

/** What discovery noticed in the mesh's clusters (e.g. malformed Istio objects). */
export function MeshWarningsPanel(props: { warnings: DiscoveryWarning[] }) {
  if (props.warnings.length === 0) {
    return (
      <InfoCard title="Discovery warnings">
        <Typography variant="body2">Discovery reported no problems in this mesh's clusters.</Typography>
      </InfoCard>
    );
  }
  return (
    <Table<DiscoveryWarning>
      title={`Discovery warnings (${props.warnings.length})`}
      options={{ paging: props.warnings.length > 20, pageSize: 20, search: false, padding: 'dense' }}
      columns={columns}
      data={props.warnings}
    />
  );
}
