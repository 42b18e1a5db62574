import { StatusOK, StatusWarning, Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import type { MeshPolicy, MeshPolicyKind, MeshPolicyListResponse } from '@meshfleet/plugin-mesh-common';
import { Timestamp } from '@meshfleet/plugin-mesh-react';
import { useState } from 'react';
import { CreatePolicyButton } from './CreatePolicyButton';
import { PolicyFilters } from './PolicyFilters';
import { filterChoices, filterRows, PolicyFilter, PolicyRow } from './policyRows';

/** Props of {@link MeshPoliciesTable}. */
export interface MeshPoliciesTableProps {
  list: MeshPolicyListResponse;
  rows: PolicyRow[];
  onCreate(kind: MeshPolicyKind): void;
  onEdit(policy: MeshPolicy): void;
  onDelete(policy: MeshPolicy): void;
}

function Effect(props: { row: PolicyRow; configCluster: string }) {
  if (props.row.effect === 'ignored') {
    return <StatusWarning>No effect: istiod reads {props.configCluster} only</StatusWarning>;
  }
  return <StatusOK>In effect</StatusOK>;
}

function LastChange(props: { row: PolicyRow }) {
  const change = props.row.lastChange;
  if (!change) {
    return <>—</>;
  }
  return (
    <>
      {change.action} by {change.actor}, <Timestamp value={change.at} />
    </>
  );
}

function columns(props: MeshPoliciesTableProps): TableColumn<PolicyRow>[] {
  const { configCluster } = props.list;
  return [
    { title: 'Kind', render: r => <>{r.policy.kind}</> },
    { title: 'Namespace/name', render: r => <>{`${r.policy.metadata.namespace}/${r.policy.metadata.name}`}</> },
    { title: 'Cluster', render: r => <>{r.policy.cluster}</> },
    { title: 'Effect', render: r => <Effect row={r} configCluster={configCluster} /> },
    { title: 'Managed by', render: r => <>{r.policy.managedBy.join(', ') || '—'}</> },
    { title: 'Last change (Meshfleet)', render: r => <LastChange row={r} /> },
    {
      title: '',
      // Member clusters' policies are not the API's to change: it writes the config cluster only.
      render: r =>
        r.effect === 'active' ? (
          <Box display="flex">
            <IconButton size="small" aria-label={`Edit ${r.policy.kind} ${r.policy.metadata.namespace}/${r.policy.metadata.name}`} onClick={() => props.onEdit(r.policy)}>
              <EditIcon fontSize="small" />
            </IconButton>
            <IconButton size="small" aria-label={`Delete ${r.policy.kind} ${r.policy.metadata.namespace}/${r.policy.metadata.name}`} onClick={() => props.onDelete(r.policy)}>
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Box>
        ) : null,
    },
  ];
}

function UnreadableClusters(props: { unreadable: MeshPolicyListResponse['unreadable'] }) {
  if (props.unreadable.length === 0) {
    return null;
  }
  return (
    <Box mb={2}>
      {props.unreadable.map(u => (
        <Typography key={u.cluster} variant="body2" component="div">
          <StatusWarning>Degraded</StatusWarning> Cluster {u.cluster} could not be read: {u.error}. Its policies are
          not listed; the rest are.
        </Typography>
      ))}
    </Box>
  );
}

/**
 * The mesh's policies: those in its config cluster (in effect), and those
 * found in member clusters (flagged: istiod does not read them), filtered by
 * kind and namespace, with edit and delete for those in effect.
 */
export function MeshPoliciesTable(props: MeshPoliciesTableProps) {
  const [filter, setFilter] = useState<PolicyFilter>({});
  const { list, rows } = props;
  const shown = filterRows(rows, filter);
  const ignored = list.ignored.length;
  return (
    <>
      <UnreadableClusters unreadable={list.unreadable} />
      <Box display="flex" justifyContent="space-between" alignItems="center" mb={1}>
        <PolicyFilters filter={filter} choices={filterChoices(rows)} onChange={setFilter} />
        <CreatePolicyButton onCreate={props.onCreate} />
      </Box>
      <Table<PolicyRow>
        title={`Policies (${list.policies.length})${ignored ? `, ${ignored} with no effect` : ''}`}
        subtitle={`Stored in ${list.configCluster}, the cluster istiod reads its configuration from`}
        options={{ paging: shown.length > 50, pageSize: 50, search: false, padding: 'dense' }}
        columns={columns(props)}
        data={shown}
        emptyContent={
          <Typography variant="body2" style={{ padding: 16 }}>
            {rows.length === 0 ? 'No policies in this mesh yet.' : 'No policy matches the filters.'}
          </Typography>
        }
      />
    </>
  );
}
