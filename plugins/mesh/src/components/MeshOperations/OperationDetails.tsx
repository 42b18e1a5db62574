import { Table, TableColumn, WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { MeshOperation, MeshOperationStep } from '@meshfleet/plugin-mesh-common';
import { Timestamp } from '@meshfleet/plugin-mesh-react';
import { OperationStatus } from './OperationStatus';
import { RetryButton } from './RetryButton';

const stepColumns: TableColumn<MeshOperationStep>[] = [
  { title: 'Step', render: step => <>{step.title}</> },
  { title: 'Status', render: step => <OperationStatus status={step.status} /> },
  { title: 'What it did', render: step => <>{step.detail ?? ''}</> },
  { title: 'Attempts', render: step => <>{step.attempts}</> },
  { title: 'Started', render: step => <Timestamp value={step.startedAt} /> },
  { title: 'Finished', render: step => <Timestamp value={step.finishedAt} /> },
];

function OperationError(props: { operation: MeshOperation; onRetried(): void }) {
  const { error } = props.operation;
  if (!error) {
    return null;
  }
  return (
    <WarningPanel severity="error" title={`Failed at step ${error.step}: ${error.message}`} defaultExpanded>
      {error.hint && <Typography variant="body2">Hint: {error.hint}</Typography>}
      <Typography variant="body2">
        Already done: {error.completedSteps.length ? error.completedSteps.join(', ') : 'nothing'}
      </Typography>
      <Box marginTop={1}>
        <RetryButton operation={props.operation} onRetried={props.onRetried} />
      </Box>
    </WarningPanel>
  );
}

/** An operation's error (with Retry) and its steps. */
export function OperationDetails(props: { operation: MeshOperation; onRetried(): void }) {
  const { operation } = props;
  const outputs = Object.entries(operation.outputs);
  return (
    <Box padding={2} width="100%">
      <OperationError operation={operation} onRetried={props.onRetried} />
      <Table<MeshOperationStep>
        title={`Steps of operation ${operation.id}`}
        options={{ paging: false, search: false, padding: 'dense', toolbar: true }}
        columns={stepColumns}
        data={operation.steps}
      />
      {outputs.length > 0 && (
        <Typography variant="body2">
          Outputs: {outputs.map(([k, v]) => `${k}=${String(v)}`).join(', ')}
        </Typography>
      )}
    </Box>
  );
}
