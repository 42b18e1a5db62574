import { meshInjectionManagePermission } from '@meshfleet/plugin-mesh-common';
import type { OperationKindDefinition } from '../../operations/types';
import type { LifecycleServices } from '../services';
import { assertClusterName, assertDnsLabel, assertKind, assertOnlyKeys, objectAt, requiredString } from './params';
import { assertDeploymentExists, assertNamespaceExists, meshCluster, workloadMesh } from './workloadChecks';
import { integerInRange, optionalWorkloadList } from './workloadParams';
import { workloadRestartSteps } from './workloadRestartSteps';

/**
 * Deployments restarted at once. One by default: a namespace's workloads
 * usually call each other, and restarting them one after another keeps all
 * but one serving with their old pods (each Deployment's own maxUnavailable
 * still governs its pods). Raise it for many independent workloads.
 */
export const DEFAULT_BATCH_SIZE = 1;

/** How long one batch may take to roll out by default, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 300;

/** The parameters of `workload.restart`, as stored with the operation (defaults filled in). */
export interface WorkloadRestartParams {
  kind: 'workload.restart';
  meshId: string;
  cluster: string;
  namespace: string;
  /** The Deployments to restart; absent: every Deployment of the namespace when the operation starts. */
  workloads?: string[];
  /** Deployments restarted together (1 to 50). */
  batchSize: number;
  /** How long each batch may take to roll out (10 to 3600). */
  timeoutSeconds: number;
}

const KEYS = ['kind', 'meshId', 'cluster', 'namespace', 'workloads', 'batchSize', 'timeoutSeconds'];

/** Reads a `workload.restart` request body. Pure. */
export function parseWorkloadRestartParams(body: unknown): WorkloadRestartParams {
  const object = objectAt(body, '');
  assertKind(object, 'workload.restart');
  assertOnlyKeys(object, KEYS, '');
  const workloads = optionalWorkloadList(object, 'workloads');
  return {
    kind: 'workload.restart',
    meshId: assertDnsLabel(requiredString(object, 'meshId', ''), 'meshId', 'mesh id'),
    cluster: assertClusterName(requiredString(object, 'cluster', ''), 'cluster'),
    namespace: assertDnsLabel(requiredString(object, 'namespace', ''), 'namespace', 'namespace name'),
    ...(workloads ? { workloads } : {}),
    batchSize: integerInRange(object, 'batchSize', { min: 1, max: 50, fallback: DEFAULT_BATCH_SIZE }),
    timeoutSeconds: integerInRange(object, 'timeoutSeconds', { min: 10, max: 3600, fallback: DEFAULT_TIMEOUT_SECONDS }),
  };
}

/** Refusals before anything restarts: the mesh, the cluster (of the mesh, reachable), the namespace and every named Deployment. */
export async function validateWorkloadRestart(params: WorkloadRestartParams, services: LifecycleServices): Promise<void> {
  const mesh = await workloadMesh(services, params.meshId);
  const client = await meshCluster(services, mesh, params.cluster);
  await assertNamespaceExists(client, params.namespace);
  for (const [index, name] of (params.workloads ?? []).entries()) {
    await assertDeploymentExists(client, params.namespace, name, `workloads[${index}]`);
  }
}

/** `workload.restart`: a rollout restart of Deployments in batches, so their pods get or lose their sidecar. */
export const workloadRestartKind: OperationKindDefinition<WorkloadRestartParams, LifecycleServices> = {
  kind: 'workload.restart',
  parseParams: parseWorkloadRestartParams,
  meshIdOf: params => params.meshId,
  permission: meshInjectionManagePermission,
  validate: validateWorkloadRestart,
  steps: workloadRestartSteps,
};
