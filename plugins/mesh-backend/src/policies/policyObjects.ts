import { InputError } from '@backstage/errors';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { MeshPolicy } from '@meshfleet/plugin-mesh-common';
import { POLICY_KINDS, PolicyKind, policyKindNamed } from './policyKinds';

/*
 * Reading policy objects from requests and shaping them for answers. Pure.
 * Checks here are only the ones every object needs to be addressed at all
 * (kind, names, a spec); what the spec may hold is the CRD's schema and
 * istiod's validation, asked of the config cluster by a dry run.
 */

/** The most objects one apply may carry: a batch is applied all or nothing. */
export const MAX_BATCH = 50;

/** A policy as requested: an object of a known kind, named and namespaced. */
export interface PolicyObject extends KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KUBECTL_LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown, path: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || Object.values(value).some(v => typeof v !== 'string')) {
    throw new InputError(`${path}: expected a map of strings`);
  }
  return value as Record<string, string>;
}

/** "VirtualService shop/reviews" for messages; as much of it as the object has. */
export function describePolicy(object: { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } }): string {
  const kind = typeof object.kind === 'string' ? object.kind : 'object';
  const ns = typeof object.metadata?.namespace === 'string' ? `${object.metadata.namespace}/` : '';
  const name = typeof object.metadata?.name === 'string' ? object.metadata.name : '(no name)';
  return `${kind} ${ns}${name}`;
}

function kindOf(object: Record<string, unknown>, path: string): PolicyKind {
  const kind = policyKindNamed(String(object.kind ?? ''));
  if (!kind) {
    throw new InputError(
      `${path}.kind: '${String(object.kind ?? '')}' is not a policy kind Meshfleet manages; expected one of ${POLICY_KINDS.map(k => k.kind).join(', ')}`,
    );
  }
  if (object.apiVersion !== kind.apiVersion) {
    throw new InputError(`${path}.apiVersion: ${kind.kind} is written as ${kind.apiVersion}, not '${String(object.apiVersion ?? '')}'`);
  }
  return kind;
}

/** One requested object, checked enough to address it; InputError naming `objects[i]` and the field otherwise. */
export function parsePolicyObject(value: unknown, path: string): PolicyObject {
  if (!isObject(value)) throw new InputError(`${path}: expected a Kubernetes object`);
  const kind = kindOf(value, path);
  const metadata = value.metadata;
  if (!isObject(metadata)) throw new InputError(`${path}.metadata (${kind.kind}): expected an object with name and namespace`);
  const where = `${path}.metadata (${describePolicy(value as never)})`;
  const { name, namespace, resourceVersion } = metadata;
  if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw new InputError(`${where}.name: expected a lowercase DNS subdomain name, got '${String(name ?? '')}'`);
  }
  if (typeof namespace !== 'string' || namespace.length > 63 || !DNS_LABEL.test(namespace)) {
    throw new InputError(`${where}.namespace: expected a namespace name (every policy kind is namespaced), got '${String(namespace ?? '')}'`);
  }
  if (resourceVersion !== undefined && typeof resourceVersion !== 'string') {
    throw new InputError(`${where}.resourceVersion: expected the string the object was read with`);
  }
  if (!isObject(value.spec)) throw new InputError(`${path}.spec (${describePolicy(value as never)}): expected an object`);
  const labels = stringMap(metadata.labels, `${where}.labels`);
  const annotations = stringMap(metadata.annotations, `${where}.annotations`);
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    metadata: {
      name,
      namespace,
      ...(resourceVersion ? { resourceVersion } : {}),
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
    },
    spec: value.spec,
  };
}

/** The objects of an apply request: at least one, at most MAX_BATCH, none twice. */
export function parsePolicyBatch(objects: unknown): PolicyObject[] {
  if (!Array.isArray(objects) || objects.length === 0) throw new InputError('objects: expected a list of at least one policy');
  if (objects.length > MAX_BATCH) throw new InputError(`objects: at most ${MAX_BATCH} policies per apply, got ${objects.length}`);
  const parsed = objects.map((o, i) => parsePolicyObject(o, `objects[${i}]`));
  const seen = new Set<string>();
  parsed.forEach((o, i) => {
    const key = describePolicy(o);
    if (seen.has(key)) throw new InputError(`objects[${i}]: ${key} is in the batch twice`);
    seen.add(key);
  });
  return parsed;
}

/** A stored object as answers show it: no managedFields, no kubectl's copy of it, its writers named. */
export function toMeshPolicy(object: KubernetesObject, cluster: string): MeshPolicy {
  const metadata = object.metadata ?? {};
  const annotations = Object.fromEntries(Object.entries(metadata.annotations ?? {}).filter(([k]) => k !== KUBECTL_LAST_APPLIED));
  const managers = [...new Set((metadata.managedFields ?? []).map(f => f.manager).filter((m): m is string => !!m))];
  return {
    apiVersion: object.apiVersion!,
    kind: object.kind!,
    metadata: {
      name: metadata.name!,
      namespace: metadata.namespace!,
      ...(metadata.resourceVersion ? { resourceVersion: metadata.resourceVersion } : {}),
      ...(metadata.generation !== undefined ? { generation: metadata.generation } : {}),
      ...(metadata.creationTimestamp ? { creationTimestamp: new Date(metadata.creationTimestamp).toISOString() } : {}),
      ...(metadata.labels && Object.keys(metadata.labels).length ? { labels: metadata.labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: ((object as { spec?: Record<string, unknown> }).spec ?? {}) as Record<string, unknown>,
    cluster,
    managedBy: managers,
  };
}
