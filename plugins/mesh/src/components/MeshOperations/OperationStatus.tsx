import { StatusError, StatusOK, StatusPending, StatusRunning } from '@backstage/core-components';
import { MeshOperationStatus, MeshOperationStepStatus } from '@meshfleet/plugin-mesh-common';

const LABELS: Record<MeshOperationStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

/** An operation's or a step's status with its colour. */
export function OperationStatus(props: { status: MeshOperationStatus | MeshOperationStepStatus }) {
  const label = LABELS[props.status] ?? props.status;
  switch (props.status) {
    case 'succeeded':
      return <StatusOK>{label}</StatusOK>;
    case 'failed':
      return <StatusError>{label}</StatusError>;
    case 'running':
      return <StatusRunning>{label}</StatusRunning>;
    default:
      return <StatusPending>{label}</StatusPending>;
  }
}
