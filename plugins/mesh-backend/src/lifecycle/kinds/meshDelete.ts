import { ConflictError } from '@backstage/errors';
import type { V1Secret } from '@kubernetes/client-node';
import { meshDeletePermission } from '@meshfleet/plugin-mesh-common';
import type { MeshInstallerStrategy } from '@meshfleet/plugin-mesh-node';
import type { OperationKindDefinition } from '../../operations/types';
import type { LifecycleServices } from '../services';
import { meshRecord, reachableCluster } from './common';
import { meshDeleteSteps } from './meshDeleteSteps';
import { ISTIO_NAMESPACE, MULTICLUSTER_SECRET_LABEL, REMOTE_SECRET_CLUSTER_ANNOTATION } from './names';
import { assertDnsLabel, assertKind, assertOnlyKeys, objectAt, requiredString } from './params';
import { assertNoUnfinishedUpgrade } from './unfinishedUpgrade';

/** The parameters of `mesh.delete`, as stored with the operation. */
export interface MeshDeleteParams {
  kind: 'mesh.delete';
  meshId: string;
}

/** Reads a `mesh.delete` request body. Pure. */
export function parseMeshDeleteParams(body: unknown): MeshDeleteParams {
  const object = objectAt(body, '');
  assertKind(object, 'mesh.delete');
  assertOnlyKeys(object, ['kind', 'meshId'], '');
  return { kind: 'mesh.delete', meshId: assertDnsLabel(requiredString(object, 'meshId', ''), 'meshId', 'mesh id') };
}

/**
 * Refusals before anything changes: the mesh must exist and have no members,
 * neither recorded nor found in its control plane (remote secrets); its
 * control plane must be reachable unless the mesh is external (only
 * forgotten), and run no canary revision beside the mesh's (its istiod
 * would stay behind).
 */
export async function validateMeshDelete(params: MeshDeleteParams, services: LifecycleServices): Promise<void> {
  const record = await meshRecord(services, params.meshId);
  if (record.members.length > 0) {
    throw new ConflictError(
      `meshId: mesh '${record.id}' still has members (${record.members.map(m => m.cluster).join(', ')}); remove them with cluster.leave first`,
    );
  }
  if (record.type === 'external') return;
  const controlPlane = await reachableCluster(services, record.controlPlaneCluster, 'control-plane');
  const secrets = await controlPlane.list<V1Secret>('v1', 'Secret', {
    namespace: ISTIO_NAMESPACE,
    labelSelector: `${MULTICLUSTER_SECRET_LABEL}=true`,
  });
  const remotes = secrets.map(s => s.metadata?.annotations?.[REMOTE_SECRET_CLUSTER_ANNOTATION] ?? s.metadata?.name);
  if (remotes.length > 0) {
    throw new ConflictError(
      `meshId: istiod of mesh '${record.id}' still reads other clusters through remote secrets in '${record.controlPlaneCluster}' (${remotes.join(', ')}); remove those clusters first`,
    );
  }
  await assertNoUnfinishedUpgrade(controlPlane, record, 'mesh.delete');
}

/**
 * `mesh.delete`: uninstall a mesh without members and forget it (an external
 * mesh is only forgotten); istiod is removed with Helm, or with a module's
 * installer strategy.
 */
export function meshDeleteKind(installer?: MeshInstallerStrategy): OperationKindDefinition<MeshDeleteParams, LifecycleServices> {
  return {
    kind: 'mesh.delete',
    parseParams: parseMeshDeleteParams,
    meshIdOf: params => params.meshId,
    permission: meshDeletePermission,
    validate: validateMeshDelete,
    // The steps depend on the mesh's type, which the request does not carry: each step looks it up.
    steps: () => meshDeleteSteps(installer),
  };
}
