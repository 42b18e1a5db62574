import type { KubernetesObject, V1Deployment, V1Namespace, V1ObjectMeta } from '@kubernetes/client-node';
import { FIELD_MANAGER, type ClusterClient } from '../clusters/ClusterClient';
import { describeRef, type ObjectRef } from '../clusters/objectRefs';
import { appliedPart, deepMerge } from './appliedFields';
import { LifecycleContext, LifecycleStep, noChanges } from './common';
import { describeChanges, desiredInjection, DesiredInjection, hasChanges, injectionChanges, InjectionChanges } from './injection';
import type { InjectionSetParams } from './injectionSet';
import { plannedChange } from './objectChanges';

type Ctx = LifecycleContext<InjectionSetParams>;
type Step = LifecycleStep<InjectionSetParams>;

/** Where the labels go: the namespace's metadata or the Deployment's pod template's. */
interface InjectionTarget {
  ref: ObjectRef;
  /** The path of that metadata in the object, as managedFields (fieldsV1) name it. */
  fieldsPath: string[];
}

function targetOf(params: InjectionSetParams): InjectionTarget {
  if (params.workload === undefined) {
    return { ref: { apiVersion: 'v1', kind: 'Namespace', name: params.namespace }, fieldsPath: ['f:metadata'] };
  }
  return {
    ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: params.namespace, name: params.workload },
    fieldsPath: ['f:spec', 'f:template', 'f:metadata'],
  };
}

function metadataAt(target: InjectionTarget, object: KubernetesObject): V1ObjectMeta {
  return (target.ref.kind === 'Namespace' ? (object as V1Namespace).metadata : (object as V1Deployment).spec?.template.metadata) ?? {};
}

/** The object with `metadata` placed where the target's labels go (for an apply or a merge patch). */
function withMetadata(target: InjectionTarget, metadata: object): KubernetesObject {
  const { apiVersion, kind, name, namespace } = target.ref;
  const ownMetadata = { name, ...(namespace ? { namespace } : {}) };
  if (kind === 'Namespace') return { apiVersion, kind, metadata: { ...ownMetadata, ...metadata } };
  return { apiVersion, kind, metadata: ownMetadata, spec: { template: { metadata } } } as KubernetesObject;
}

/**
 * What Meshfleet applies: what it applied to the object before (see
 * appliedFields.ts) with the desired labels and annotations, without the
 * labels to remove.
 */
function appliedObject(target: InjectionTarget, existing: KubernetesObject, desired: DesiredInjection): KubernetesObject {
  const wanted = withMetadata(target, { labels: desired.labels, annotations: desired.annotations });
  const applied = structuredClone(deepMerge(appliedPart(existing, FIELD_MANAGER), wanted)) as KubernetesObject;
  const labels = metadataAt(target, applied).labels ?? {};
  desired.removeLabels.forEach(key => delete labels[key]);
  return applied;
}

/**
 * The labels to remove, as a JSON merge patch of nulls: server-side apply
 * removes only fields its manager owns, and these labels are often set by
 * someone else (`kubectl label`, a Helm chart, the demo's manifests).
 */
function removalPatch(target: InjectionTarget, keys: string[]): object {
  return withMetadata(target, { labels: Object.fromEntries(keys.map(key => [key, null])) });
}

/** The target as it is and the changes it needs; validate has checked that it exists. */
async function readChanges(ctx: Ctx): Promise<{ client: ClusterClient; target: InjectionTarget; existing: KubernetesObject; changes: InjectionChanges; desired: DesiredInjection }> {
  const client = await ctx.services.clusters.forCluster(ctx.params.cluster);
  const target = targetOf(ctx.params);
  const existing = await client.get<KubernetesObject>(target.ref);
  if (!existing) throw new Error(`${describeRef(target.ref)} is no longer in cluster ${client.cluster}`);
  const desired = desiredInjection(ctx.params);
  return { client, target, existing, desired, changes: injectionChanges(metadataAt(target, existing), desired) };
}

/** What happens to pods next, for the step's detail. */
function podsNote(params: InjectionSetParams): string {
  if (params.workload === undefined) {
    return 'Setting the labels restarts nothing: restart the workloads for pods to get or lose their sidecar (workload.restart)';
  }
  return "The Deployment's pod template changed, so Kubernetes rolls out new pods with the new injection (workload.restart waits for it)";
}

const setLabels: Step = {
  id: 'injection-labels',
  title: 'Set the injection labels',
  async plan(ctx) {
    const { client, target, changes } = await readChanges(ctx);
    const action = hasChanges(changes) ? 'update' : 'unchanged';
    return { ...noChanges(), changes: [plannedChange(client.cluster, target.ref, action, describeChanges(changes))] };
  },
  async run(ctx) {
    const { client, target, existing, desired, changes } = await readChanges(ctx);
    const where = `${describeRef(target.ref)} in ${client.cluster}`;
    const outputs = { target: where, changes: describeChanges(changes) };
    if (!hasChanges(changes)) {
      return { detail: `kept ${where}: its injection labels are as wanted. ${podsNote(ctx.params)}`, outputs: { ...outputs, outcome: 'kept' } };
    }
    // Set first, then remove: each intermediate state injects as before or not at all, never a revision nobody asked for.
    await client.apply(appliedObject(target, existing, desired));
    if (changes.removeLabels.length > 0) {
      await client.mergePatch(target.ref, removalPatch(target, changes.removeLabels));
    }
    ctx.log.info(`${where}: ${describeChanges(changes)}`);
    return {
      detail: `updated ${where}: ${describeChanges(changes)}. ${podsNote(ctx.params)}`,
      outputs: { ...outputs, outcome: 'updated' },
    };
  },
};

/** The steps of `injection.set`: one, since the labels go into one object. */
export function injectionSetSteps(): Step[] {
  return [setLabels];
}
