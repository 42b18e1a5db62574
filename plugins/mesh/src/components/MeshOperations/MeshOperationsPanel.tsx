import { Progress, ResponseErrorPanel, Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { MeshOperation } from '@meshfleet/plugin-mesh-common';
import { Timestamp } from '@meshfleet/plugin-mesh-react';
import { OperationDetails } from './OperationDetails';
import { OperationStatus } from './OperationStatus';
import { operationProgress, operationTitle } from './operationText';
import { RetryButton } from './RetryButton';
import { OPERATIONS_SHOWN, useMeshOperations } from './useMeshOperations';

/** Props of {@link MeshOperationsPanel}. */
export interface MeshOperationsPanelProps {
  meshId: string;
}

function columns(reload: () => void): TableColumn<MeshOperation>[] {
  return [
    { title: 'Operation', render: op => <>{operationTitle(op)}</> },
    { title: 'Status', render: op => <OperationStatus status={op.status} /> },
    {
      title: 'Progress',
      render: op => (
        <>
          <Typography variant="body2">{operationProgress(op)}</Typography>
          {op.error && (
            <Typography variant="body2" color="error">
              {op.error.message}
              {op.error.hint ? ` Hint: ${op.error.hint}` : ''}
            </Typography>
          )}
        </>
      ),
    },
    { title: 'Requested by', render: op => <>{op.requestedBy}</> },
    { title: 'Created', render: op => <Timestamp value={op.createdAt} /> },
    { title: 'Finished', render: op => <Timestamp value={op.finishedAt} missing="" /> },
    { title: '', render: op => (op.status === 'failed' ? <RetryButton operation={op} onRetried={reload} /> : null) },
  ];
}

/**
 * The mesh's operations (creating it, onboarding and removing clusters…),
 * running and past, newest first: status, progress, who asked, when; open a
 * row for its steps, and a failed one for its error with the hint and a
 * Retry button when the user may retry it.
 *
 * @public
 */
export function MeshOperationsPanel(props: MeshOperationsPanelProps) {
  const { operations, error, loading, reload } = useMeshOperations(props.meshId);
  if (loading && !operations) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel title="Could not list the mesh's operations" error={error} />;
  }
  const list = operations ?? [];
  return (
    <Table<MeshOperation>
      title={`Operations (${list.length === OPERATIONS_SHOWN ? `latest ${OPERATIONS_SHOWN}` : list.length})`}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns(reload)}
      data={list}
      detailPanel={({ rowData }) => <OperationDetails operation={rowData} onRetried={reload} />}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          No operations yet: creating the mesh, onboarding or removing clusters through Meshfleet shows here.
        </Typography>
      }
    />
  );
}
