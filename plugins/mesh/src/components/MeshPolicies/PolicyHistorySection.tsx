import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { MeshPolicyChange } from '@meshfleet/plugin-mesh-common';
import { Timestamp } from '@meshfleet/plugin-mesh-react';
import { PolicyDiff } from '../PolicyReview';

const columns: TableColumn<MeshPolicyChange>[] = [
  { title: 'When', render: c => <Timestamp value={c.at} /> },
  { title: 'Who', render: c => <>{c.actor}</> },
  { title: 'Action', render: c => <>{c.action}</> },
  { title: 'Object', render: c => <>{`${c.kind} ${c.namespace}/${c.name}`}</> },
];

/** The policy changes Meshfleet made in the mesh, newest first; open a row for its diff. */
export function PolicyHistorySection(props: { changes: MeshPolicyChange[] }) {
  return (
    <Table<MeshPolicyChange>
      title={`Policy history (${props.changes.length})`}
      subtitle="Every policy write through Meshfleet: who, when, what; open a row for the diff"
      options={{ paging: props.changes.length > 20, pageSize: 20, search: false, padding: 'dense' }}
      columns={columns}
      data={props.changes}
      detailPanel={({ rowData }) => (
        <PolicyDiff title={`${rowData.action} ${rowData.kind} ${rowData.namespace}/${rowData.name}`} diff={rowData.diff} />
      )}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          No policy changes through Meshfleet yet.
        </Typography>
      }
    />
  );
}
