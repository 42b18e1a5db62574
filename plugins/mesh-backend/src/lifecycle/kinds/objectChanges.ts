import type { KubernetesObject } from '@kubernetes/client-node';
import type { PlannedChange } from '@meshfleet/plugin-mesh-common';
import { isDeepStrictEqual } from 'node:util';
import type { ClusterClient } from '../clusters/ClusterClient';
import { describeRef, ObjectRef, refOf } from '../clusters/objectRefs';

/** What applying or deleting an object did (or would do). */
export type ObjectOutcome = 'created' | 'updated' | 'unchanged' | 'deleted' | 'absent';

/** Metadata the API server maintains: ignored when comparing before and after. */
function comparable(object: KubernetesObject | undefined): unknown {
  if (!object) return undefined;
  const { managedFields, resourceVersion, generation, ...metadata } = object.metadata ?? {};
  void managedFields;
  void resourceVersion;
  void generation;
  return JSON.parse(JSON.stringify({ ...object, metadata }));
}

function planned(
  cluster: string,
  ref: ObjectRef,
  action: PlannedChange['action'],
  reason?: string,
): PlannedChange {
  return {
    cluster,
    action,
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
    name: ref.name,
    ...(reason ? { reason } : {}),
  };
}

/**
 * What applying `desired` would do: create when absent, else a server-side
 * dry-run apply tells whether anything would change. Changes nothing.
 */
export async function planApply(client: ClusterClient, desired: KubernetesObject, reason?: string): Promise<PlannedChange> {
  const ref = refOf(desired);
  const existing = await client.get(ref);
  if (!existing) return planned(client.cluster, ref, 'create', reason);
  const after = await client.apply(desired, { dryRun: true });
  const same = isDeepStrictEqual(comparable(existing), comparable(after));
  return planned(client.cluster, ref, same ? 'unchanged' : 'update', reason);
}

/** Applies `desired` (server-side apply) and says whether it created, changed or kept it. */
export async function applyObject(client: ClusterClient, desired: KubernetesObject): Promise<ObjectOutcome> {
  const existing = await client.get(refOf(desired));
  const after = await client.apply(desired);
  if (!existing) return 'created';
  return isDeepStrictEqual(comparable(existing), comparable(after)) ? 'unchanged' : 'updated';
}

/** What deleting would do: `delete` when the object is there, `unchanged` when it is not. */
export async function planDelete(client: ClusterClient, ref: ObjectRef, reason?: string): Promise<PlannedChange> {
  const existing = await client.get(ref);
  return existing
    ? planned(client.cluster, ref, 'delete', reason)
    : planned(client.cluster, ref, 'unchanged', 'not there');
}

/** A planned change for an object the plan cannot read yet (e.g. a Secret whose content a later step decides). */
export function plannedChange(cluster: string, ref: ObjectRef, action: PlannedChange['action'], reason?: string): PlannedChange {
  return planned(cluster, ref, action, reason);
}

/** `created Secret istio-system/cacerts in east`: one line for a step's detail. */
export function describeOutcome(outcome: ObjectOutcome, ref: ObjectRef, cluster: string): string {
  const verbs: Partial<Record<ObjectOutcome, string>> = { absent: 'found no', unchanged: 'kept' };
  const verb = verbs[outcome] ?? outcome;
  return `${verb} ${describeRef(ref)} in ${cluster}`;
}
