import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { meshInjectionManagePermission } from '@meshfleet/plugin-mesh-common';
import type { OperationKindDefinition } from '../../operations/types';
import type { ClusterClient } from '../clusters/ClusterClient';
import type { LifecycleServices } from '../services';
import type { SidecarResources } from './injection';
import { injectionSetSteps } from './injectionSetSteps';
import { injectorWebhookName } from './names';
import { assertClusterName, assertDnsLabel, assertKind, assertOnlyKeys, objectAt, optionalString, requiredString } from './params';
import {
  assertDeploymentExists,
  assertNamespaceExists,
  hasMutatingWebhook,
  istiodRevisions,
  meshCluster,
  revisionTagWebhookName,
  workloadMesh,
} from './workloadChecks';
import { assertWorkloadName, optionalResources, requiredBoolean } from './workloadParams';

/** The parameters of `injection.set`, as stored with the operation. */
export interface InjectionSetParams {
  kind: 'injection.set';
  meshId: string;
  /** The control-plane cluster or a member of the mesh. */
  cluster: string;
  namespace: string;
  /** A Deployment of the namespace; absent: the namespace itself. */
  workload?: string;
  enabled: boolean;
  /** An istiod revision of the mesh (not with `tag`). */
  revision?: string;
  /** A revision tag (not with `revision`). */
  tag?: string;
  /** The sidecar's requests and limits (a workload only). */
  resources?: SidecarResources;
}

const KEYS = ['kind', 'meshId', 'cluster', 'namespace', 'workload', 'enabled', 'revision', 'tag', 'resources'];

function optionalLabel(object: Record<string, unknown>, key: string, what: string): string | undefined {
  const value = optionalString(object, key, '');
  return value === undefined ? undefined : assertDnsLabel(value, key, what);
}

/** The combinations Istio's labels cannot express, refused by field. */
function assertConsistent(params: InjectionSetParams): void {
  if (params.revision && params.tag) {
    throw new InputError('revision, tag: give a revision or a revision tag, not both');
  }
  if (!params.enabled && (params.revision || params.tag)) {
    throw new InputError(`${params.revision ? 'revision' : 'tag'}: only with enabled: true (disabling names no revision)`);
  }
  if (params.resources && params.workload === undefined) {
    throw new InputError("resources: only for a workload (Istio reads the sidecar's resources from pod annotations); give workload");
  }
  if (params.resources && !params.enabled) {
    throw new InputError('resources: only with enabled: true (a workload without sidecar has no sidecar resources)');
  }
}

/** Reads an `injection.set` request body. Pure. */
export function parseInjectionSetParams(body: unknown): InjectionSetParams {
  const object = objectAt(body, '');
  assertKind(object, 'injection.set');
  assertOnlyKeys(object, KEYS, '');
  const workload = optionalString(object, 'workload', '');
  const revision = optionalLabel(object, 'revision', 'istiod revision');
  const tag = optionalLabel(object, 'tag', 'revision tag');
  const resources = optionalResources(object, 'resources');
  const params: InjectionSetParams = {
    kind: 'injection.set',
    meshId: assertDnsLabel(requiredString(object, 'meshId', ''), 'meshId', 'mesh id'),
    cluster: assertClusterName(requiredString(object, 'cluster', ''), 'cluster'),
    namespace: assertDnsLabel(requiredString(object, 'namespace', ''), 'namespace', 'namespace name'),
    ...(workload !== undefined ? { workload: assertWorkloadName(workload, 'workload') } : {}),
    enabled: requiredBoolean(object, 'enabled'),
    ...(revision !== undefined ? { revision } : {}),
    ...(tag !== undefined ? { tag } : {}),
    ...(resources !== undefined ? { resources } : {}),
  };
  assertConsistent(params);
  return params;
}

/**
 * Refusals before anything changes: the mesh (known, not external), the
 * cluster (one of the mesh's, reachable), the namespace and the workload
 * (present), the revision (an istiod of the mesh's control plane runs it),
 * the tag (its webhook is in the cluster) and, when enabling by the default
 * revision, an injector that serves `istio-injection=enabled` there.
 */
export async function validateInjectionSet(params: InjectionSetParams, services: LifecycleServices): Promise<void> {
  const mesh = await workloadMesh(services, params.meshId);
  const client = await meshCluster(services, mesh, params.cluster);
  await assertNamespaceExists(client, params.namespace);
  if (params.workload !== undefined) {
    await assertDeploymentExists(client, params.namespace, params.workload, 'workload');
  }
  if (params.revision) {
    const controlPlane = await meshCluster(services, mesh, mesh.controlPlaneCluster);
    const revisions = await istiodRevisions(controlPlane);
    if (!revisions.includes(params.revision)) {
      throw new NotFoundError(
        `revision: '${params.revision}' is not an istiod revision of mesh '${mesh.id}' (istiod runs ${revisions.length ? revisions.join(', ') : 'no revision'} in ${mesh.controlPlaneCluster})`,
      );
    }
  }
  if (params.tag && !(await hasMutatingWebhook(client, revisionTagWebhookName(params.tag)))) {
    throw new NotFoundError(
      `tag: revision tag '${params.tag}' points nowhere in cluster '${params.cluster}' (no MutatingWebhookConfiguration ${revisionTagWebhookName(params.tag)})`,
    );
  }
  if (params.enabled && !params.revision && !params.tag) {
    await assertDefaultInjector(params.cluster, client);
  }
}

/** Enabling by the default revision needs its injector (or the `default` tag's) in the cluster. */
async function assertDefaultInjector(cluster: string, client: ClusterClient): Promise<void> {
  const names = [injectorWebhookName('default'), revisionTagWebhookName('default')];
  for (const name of names) {
    if (await hasMutatingWebhook(client, name)) return;
  }
  throw new ConflictError(
    `revision: cluster '${cluster}' has no injector for the default revision (no MutatingWebhookConfiguration ${names.join(' or ')}); give a revision or a tag`,
  );
}

/** `injection.set`: turn sidecar injection on or off for a namespace or a workload. */
export const injectionSetKind: OperationKindDefinition<InjectionSetParams, LifecycleServices> = {
  kind: 'injection.set',
  parseParams: parseInjectionSetParams,
  meshIdOf: params => params.meshId,
  permission: meshInjectionManagePermission,
  validate: validateInjectionSet,
  steps: injectionSetSteps,
};
