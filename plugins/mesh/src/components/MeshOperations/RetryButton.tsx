import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import { MeshOperation } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { useState } from 'react';
import { retryPermission, RetryPermission } from './operationText';

function usePermissionTo(permission: RetryPermission, meshId: string) {
  // mesh.create is a basic permission; the others are decided on the mesh.
  return usePermission(
    permission.type === 'resource' ? { permission, resourceRef: meshId } : { permission: permission as never },
  );
}

/**
 * Retries a failed operation (it resumes at its failed step). Shown only
 * when the permission of the operation's kind allows it on this mesh; the
 * mesh backend checks it again.
 */
export function RetryButton(props: { operation: MeshOperation; onRetried(): void }) {
  const permission = retryPermission(props.operation);
  if (!permission) {
    return null;
  }
  return <PermittedRetryButton {...props} permission={permission} />;
}

function PermittedRetryButton(props: { operation: MeshOperation; permission: RetryPermission; onRetried(): void }) {
  const meshApi = useApi(meshApiRef);
  const { allowed } = usePermissionTo(props.permission, props.operation.meshId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!allowed) {
    return null;
  }
  const retry = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await meshApi.retryOperation(props.operation.id);
      props.onRetried();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="outlined" color="primary" size="small" disabled={busy} onClick={retry}>
        Retry from the failed step
      </Button>
      {error && <span role="alert"> {error}</span>}
    </>
  );
}
