import { ConflictError, InputError } from '@backstage/errors';
import { meshClusterJoinPermission } from '@meshfleet/plugin-mesh-common';
import type { OperationKindDefinition } from '../../operations/types';
import type { IstioChart } from '../helm/chartSource';
import type { LifecycleServices } from '../services';
import { assertChartsAvailable, controlPlaneAddressOf, istioVersionOf, reachableCluster } from './common';
import { clusterJoinSteps } from './clusterJoinSteps';
import { needsEastWest } from './eastWest';
import { CONTROL_PLANE_SERVICE } from './names';
import { assertKnownCluster, assertNotInAnotherMesh, hostedMesh } from './memberChecks';
import { assertClusterName, assertDnsLabel, assertKind, assertLabelValue, assertOnlyKeys, objectAt, requiredString } from './params';

/** The parameters of `cluster.join`, as stored with the operation. */
export interface ClusterJoinParams {
  kind: 'cluster.join';
  meshId: string;
  cluster: string;
  /** The Istio network of the member's workloads (`topology.istio.io/network`). */
  network: string;
}

/** Reads a `cluster.join` request body. Pure. */
export function parseClusterJoinParams(body: unknown): ClusterJoinParams {
  const object = objectAt(body, '');
  assertKind(object, 'cluster.join');
  assertOnlyKeys(object, ['kind', 'meshId', 'cluster', 'network'], '');
  return {
    kind: 'cluster.join',
    meshId: assertDnsLabel(requiredString(object, 'meshId', ''), 'meshId', 'mesh id'),
    cluster: assertClusterName(requiredString(object, 'cluster', ''), 'cluster'),
    network: assertLabelValue(requiredString(object, 'network', ''), 'network', 'network'),
  };
}

/**
 * Refusals before anything changes: the mesh (hosted), the cluster (known,
 * not the control plane, in no other mesh, not a member on another
 * network), the charts of the mesh's Istio version, both clusters
 * reachable, and an address members reach istiod at. A member joining again
 * on the same network passes: the operation converges.
 */
export async function validateClusterJoin(params: ClusterJoinParams, services: LifecycleServices): Promise<void> {
  const record = await hostedMesh(services, params.meshId);
  await assertKnownCluster(services, params.cluster, 'cluster');
  if (params.cluster === record.controlPlaneCluster) {
    throw new InputError(`cluster: '${params.cluster}' is the control-plane cluster of mesh '${record.id}'`);
  }
  const member = record.members.find(m => m.cluster === params.cluster);
  if (member && member.network !== params.network) {
    throw new ConflictError(
      `network: cluster '${params.cluster}' is a member of mesh '${record.id}' on network '${member.network}', not '${params.network}'`,
    );
  }
  await assertNotInAnotherMesh(services, params.cluster, record.id, 'cluster');
  // A member on another network gets east-west gateways (Istio's gateway chart).
  const charts: IstioChart[] = needsEastWest(record.controlPlaneNetwork, params.network) ? ['base', 'istiod', 'gateway'] : ['base', 'istiod'];
  await assertChartsAvailable(services, charts, istioVersionOf(record, services.config), `mesh '${record.id}' istioVersion`);
  const controlPlane = await reachableCluster(services, record.controlPlaneCluster, 'control-plane');
  await reachableCluster(services, params.cluster, 'member');
  if (!(await controlPlaneAddressOf(controlPlane))) {
    throw new ConflictError(
      `meshId: mesh '${record.id}' has no address members can reach istiod at yet (no ${CONTROL_PLANE_SERVICE} Service address in '${record.controlPlaneCluster}'); rerun mesh.create or give controlPlaneAddress`,
    );
  }
}

/** `cluster.join`: onboard a member cluster into a hosted mesh. */
export const clusterJoinKind: OperationKindDefinition<ClusterJoinParams, LifecycleServices> = {
  kind: 'cluster.join',
  parseParams: parseClusterJoinParams,
  meshIdOf: params => params.meshId,
  permission: meshClusterJoinPermission,
  validate: validateClusterJoin,
  steps: clusterJoinSteps,
};
