import { Table, TableColumn } from '@backstage/core-components';
import type { ClusterWorkloads, WorkloadSidecars } from '@meshfleet/plugin-mesh-common';
import { MismatchChips } from './MismatchChips';
import { expectedText, revisionsText } from './sidecarText';

type Row = WorkloadSidecars & { id: string };

function columns(cluster: ClusterWorkloads, showNamespace: boolean): TableColumn<Row>[] {
  const namespaceOf = (row: Row) => cluster.namespaces.find(n => n.namespace === row.namespace);
  return [
    { title: 'Workload', render: row => `${row.kind} ${row.name}` },
    ...(showNamespace ? [{ title: 'Namespace', field: 'namespace' } as TableColumn<Row>] : []),
    { title: 'Ready', render: row => `${row.readyPods}/${row.replicas}` },
    { title: 'With sidecar', render: row => `${row.podsWithSidecar} of ${row.pods}` },
    { title: 'Sidecar revisions', render: revisionsText },
    { title: 'New pods get', render: expectedText },
    { title: 'Status', render: row => <MismatchChips workload={row} namespace={namespaceOf(row)} /> },
  ];
}

/** One cluster's workloads with their sidecars, revisions and mismatched pods. */
export function WorkloadSidecarTable(props: { cluster: ClusterWorkloads; title?: string; showNamespace?: boolean }) {
  const { cluster } = props;
  const rows = cluster.workloads.map(w => ({ ...w, id: `${w.namespace}/${w.kind}/${w.name}` }));
  return (
    <Table<Row>
      title={props.title}
      options={{ paging: false, search: false, padding: 'dense', toolbar: !!props.title }}
      columns={columns(cluster, props.showNamespace ?? true)}
      data={rows}
      emptyContent={<div style={{ padding: 16 }}>No workloads in these namespaces.</div>}
    />
  );
}
