import type { KubernetesObject, V1ManagedFieldsEntry } from '@kubernetes/client-node';
import { isDeepStrictEqual } from 'node:util';

/*
 * The part of an object a field manager owns through server-side apply, as
 * client-go's `Extract…` functions give it. Needed because an apply states
 * everything its manager wants: a field Meshfleet applied before (the whole
 * Deployment, had Meshfleet created it; the network label on istio-system)
 * and left out of the next apply would be removed, or the object refused as
 * incomplete. A partial apply therefore starts from what Meshfleet owns
 * already. Pure.
 *
 * managedFields' `fieldsV1` names map fields `f:<name>`, list items by their
 * keys `k:{"name":"app"}`, set members `v:<json>`, and the field itself `.`.
 */

type Json = unknown;
type FieldsV1 = Record<string, Json>;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether the fields name no member: the value is owned as a whole. */
function isLeaf(fields: FieldsV1): boolean {
  return !Object.keys(fields).some(key => /^[fkvi]:/.test(key));
}

function extractList(list: Json[], fields: FieldsV1): Json[] {
  return Object.entries(fields).flatMap(([key, sub]) => {
    if (key.startsWith('v:')) return [JSON.parse(key.slice(2))];
    if (!key.startsWith('k:')) return [];
    const itemKey = JSON.parse(key.slice(2)) as Record<string, Json>;
    const item = list.find(i => isObject(i) && Object.entries(itemKey).every(([k, v]) => isDeepStrictEqual(i[k], v)));
    return item === undefined ? [] : [extract(item, sub as FieldsV1)];
  });
}

function extract(value: Json, fields: FieldsV1): Json {
  if (isLeaf(fields)) return value;
  if (Array.isArray(value)) return extractList(value, fields);
  if (!isObject(value)) return value;
  const entries = Object.entries(fields)
    .filter(([key]) => key.startsWith('f:') && key.slice(2) in value)
    .map(([key, sub]) => [key.slice(2), extract(value[key.slice(2)], sub as FieldsV1)]);
  return Object.fromEntries(entries);
}

/** Merges `overlay` into `base`: maps merged key by key, anything else replaced. */
export function deepMerge(base: Json, overlay: Json): Json {
  if (!isObject(base) || !isObject(overlay)) return overlay;
  const merged: Record<string, Json> = { ...base };
  for (const [key, value] of Object.entries(overlay)) merged[key] = key in base ? deepMerge(base[key], value) : value;
  return merged;
}

/**
 * What `manager` owns of `object` through server-side apply (`operation:
 * Apply`), with the object's apiVersion, kind, name and namespace: the
 * starting point of its next apply.
 */
export function appliedPart(object: KubernetesObject, manager: string): KubernetesObject {
  const entries: V1ManagedFieldsEntry[] = (object.metadata?.managedFields ?? []).filter(
    entry => entry.manager === manager && entry.operation === 'Apply' && entry.apiVersion === object.apiVersion && !entry.subresource,
  );
  const owned = entries.reduce<Json>((part, entry) => deepMerge(part, extract(object, (entry.fieldsV1 ?? {}) as FieldsV1)), {});
  const { name, namespace } = object.metadata ?? {};
  return deepMerge(owned, {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
  }) as KubernetesObject;
}
