import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import type { MeshPolicy, MeshPolicyKind } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { policyRef, policyToYaml } from './policyYaml';

/** The policy a 409 says is there now: `current` of the conflict body (absent when it was deleted since). */
function conflictCurrent(error: unknown): { conflict: boolean; current?: MeshPolicy } {
  const failure = error as { statusCode?: number; current?: unknown; body?: { current?: unknown } } | undefined;
  if (failure?.statusCode !== 409) {
    return { conflict: false };
  }
  return { conflict: true, current: (failure.body?.current ?? failure.current) as MeshPolicy | undefined };
}

/**
 * Confirms and deletes a policy as it was read (its `resourceVersion`): when
 * it changed since, the backend refuses (409) and the dialog shows the object
 * as it is now, to delete that version or keep it.
 */
export function DeletePolicyDialog(props: { meshId: string; policy: MeshPolicy; onClose(): void; onDeleted(): void }) {
  const meshApi = useApi(meshApiRef);
  const [target, setTarget] = useState(props.policy);
  const ref = policyRef(target);
  const [state, remove] = useAsyncFn(async () => {
    await meshApi.deleteMeshPolicy(props.meshId, target.kind as MeshPolicyKind, target.metadata.namespace, target.metadata.name, {
      resourceVersion: target.metadata.resourceVersion,
    });
    props.onDeleted();
  }, [meshApi, props.meshId, target, props.onDeleted]);
  const { conflict: refused, current } = conflictCurrent(state.error);
  // After "Use this version" the refusal is answered: the dialog deletes the version shown.
  const conflict = refused && current?.metadata.resourceVersion !== target.metadata.resourceVersion;

  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="md" aria-labelledby="delete-policy-title">
      <DialogTitle id="delete-policy-title">
        Delete {target.kind} {ref}?
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          It is removed from {target.cluster}, the mesh's config cluster; istiod stops applying it to every cluster of
          the mesh.
        </Typography>
        {conflict && (
          <>
            <Typography variant="body2" color="error" paragraph>
              {current
                ? `${target.kind} ${ref} changed since you read it, so it was not deleted. This is it now:`
                : `${target.kind} ${ref} was deleted by someone else in the meantime.`}
            </Typography>
            {current && <pre aria-label="current object">{policyToYaml(current)}</pre>}
          </>
        )}
        {state.error && !refused && <ResponseErrorPanel title={`Could not delete ${ref}`} error={state.error} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{conflict && !current ? 'Close' : 'Cancel'}</Button>
        {conflict && current ? (
          <Button color="secondary" variant="contained" onClick={() => setTarget(current)}>
            Use this version
          </Button>
        ) : (
          <Button color="secondary" variant="contained" disabled={state.loading || conflict} onClick={remove}>
            Delete
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
