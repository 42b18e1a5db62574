import { InfoCard, StatusOK, StatusWarning, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type { MeshPolicyDriftItem } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { useState } from 'react';
import { ConfirmDialog } from './ConfirmDialog';
import { PolicyDiff } from '../PolicyReview';

const REASONS: Record<MeshPolicyDriftItem['reason'], string> = {
  'changed-outside': 'Changed outside Meshfleet',
  'added-outside': 'Added outside Meshfleet',
  'deleted-outside': 'Deleted outside Meshfleet',
};

/** What Revert does to an item, by why it drifted. */
function revertText(item: MeshPolicyDriftItem, configCluster: string): string {
  const what = `${item.kind} ${item.namespace}/${item.name}`;
  switch (item.reason) {
    case 'added-outside':
      return `${what} was not written by Meshfleet: reverting deletes it from ${configCluster}.`;
    case 'deleted-outside':
      return `Reverting recreates ${what} in ${configCluster} as Meshfleet last wrote it.`;
    default:
      return `Reverting writes ${what} back to what Meshfleet last wrote, undoing the change shown in the diff.`;
  }
}

type Pending = { action: 'adopt' | 'revert'; item: MeshPolicyDriftItem };

/**
 * Policies in the config cluster that differ from what Meshfleet last wrote:
 * why, the diff (open a row), and Adopt (keep the cluster's version as
 * Meshfleet's) or Revert (write Meshfleet's back), each confirmed first.
 */
export function PolicyDriftSection(props: {
  meshId: string;
  configCluster: string;
  items: MeshPolicyDriftItem[];
  onChanged(): void;
}) {
  const meshApi = useApi(meshApiRef);
  const [pending, setPending] = useState<Pending>();
  const columns: TableColumn<MeshPolicyDriftItem>[] = [
    { title: 'Kind', render: d => <>{d.kind}</> },
    { title: 'Namespace/name', render: d => <>{`${d.namespace}/${d.name}`}</> },
    { title: 'Drift', render: d => <StatusWarning>{REASONS[d.reason]}</StatusWarning> },
    {
      title: '',
      render: d => (
        <Box display="flex" style={{ gap: 8 }}>
          <Button size="small" variant="outlined" onClick={() => setPending({ action: 'adopt', item: d })}>
            Adopt
          </Button>
          <Button size="small" variant="outlined" onClick={() => setPending({ action: 'revert', item: d })}>
            Revert
          </Button>
        </Box>
      ),
    },
  ];
  if (props.items.length === 0) {
    return (
      <InfoCard title="Policy drift">
        <Typography variant="body2">
          <StatusOK>No policy drift: {props.configCluster} has what Meshfleet last wrote.</StatusOK>
        </Typography>
      </InfoCard>
    );
  }
  const ref = pending && { kind: pending.item.kind, namespace: pending.item.namespace, name: pending.item.name };
  return (
    <>
      <Table<MeshPolicyDriftItem>
        title={`Policy drift (${props.items.length})`}
        subtitle={`Policies in ${props.configCluster} that differ from what Meshfleet last wrote; open a row for the diff`}
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={columns}
        data={props.items}
        detailPanel={({ rowData }) => (
          <PolicyDiff
            title={`${rowData.kind} ${rowData.namespace}/${rowData.name}: what Meshfleet last wrote → ${props.configCluster}`}
            diff={rowData.diff}
          />
        )}
      />
      {pending && ref && (
        <ConfirmDialog
          title={`${pending.action === 'adopt' ? 'Adopt' : 'Revert'} ${ref.kind} ${ref.namespace}/${ref.name}?`}
          text={
            pending.action === 'adopt'
              ? `Meshfleet records the object as it is in ${props.configCluster} as its own and takes over its fields; nothing else changes.`
              : revertText(pending.item, props.configCluster)
          }
          confirmLabel={pending.action === 'adopt' ? 'Adopt' : 'Revert'}
          onConfirm={() =>
            pending.action === 'adopt'
              ? meshApi.adoptMeshPolicyDrift(props.meshId, ref)
              : meshApi.revertMeshPolicyDrift(props.meshId, ref)
          }
          onDone={() => {
            setPending(undefined);
            props.onChanged();
          }}
          onClose={() => setPending(undefined)}
        />
      )}
    </>
  );
}
