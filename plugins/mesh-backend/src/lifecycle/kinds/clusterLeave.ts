import { meshClusterRemovePermission } from '@meshfleet/plugin-mesh-common';
import type { OperationKindDefinition } from '../../operations/types';
import type { LifecycleServices } from '../services';
import { reachableCluster } from './common';
import { clusterLeaveSteps } from './clusterLeaveSteps';
import { hostedMesh, memberOf } from './memberChecks';
import { assertClusterName, assertDnsLabel, assertKind, assertOnlyKeys, objectAt, requiredString } from './params';
import { assertNoUnfinishedUpgrade } from './unfinishedUpgrade';

/** The parameters of `cluster.leave`, as stored with the operation. */
export interface ClusterLeaveParams {
  kind: 'cluster.leave';
  meshId: string;
  cluster: string;
}

/** Reads a `cluster.leave` request body. Pure. */
export function parseClusterLeaveParams(body: unknown): ClusterLeaveParams {
  const object = objectAt(body, '');
  assertKind(object, 'cluster.leave');
  assertOnlyKeys(object, ['kind', 'meshId', 'cluster'], '');
  return {
    kind: 'cluster.leave',
    meshId: assertDnsLabel(requiredString(object, 'meshId', ''), 'meshId', 'mesh id'),
    cluster: assertClusterName(requiredString(object, 'cluster', ''), 'cluster'),
  };
}

/**
 * Refusals before anything changes: the mesh (hosted), the cluster (a
 * member), both clusters reachable (Istio cannot be removed from a member
 * Meshfleet cannot reach), and no canary revision beside the mesh's (its
 * remote profile in the member would stay behind).
 */
export async function validateClusterLeave(params: ClusterLeaveParams, services: LifecycleServices): Promise<void> {
  const record = await hostedMesh(services, params.meshId);
  memberOf(record, params.cluster);
  const controlPlane = await reachableCluster(services, record.controlPlaneCluster, 'control-plane');
  await reachableCluster(services, params.cluster, 'member');
  await assertNoUnfinishedUpgrade(controlPlane, record, 'cluster.leave');
}

/** `cluster.leave`: remove a member, leaving no Istio object of the mesh in it. */
export const clusterLeaveKind: OperationKindDefinition<ClusterLeaveParams, LifecycleServices> = {
  kind: 'cluster.leave',
  parseParams: parseClusterLeaveParams,
  meshIdOf: params => params.meshId,
  permission: meshClusterRemovePermission,
  validate: validateClusterLeave,
  steps: clusterLeaveSteps,
};
