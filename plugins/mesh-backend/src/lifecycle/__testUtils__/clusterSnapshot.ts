import type { KubernetesObject } from '@kubernetes/client-node';
import { FIELD_MANAGER, type ClusterClient } from '../clusters/ClusterClient';

/** The resource types a mesh's install touches (Leases are left out: they renew all the time). */
const TYPES: Array<[apiVersion: string, kind: string]> = [
  ['v1', 'Namespace'],
  ['v1', 'Secret'],
  ['v1', 'ConfigMap'],
  ['v1', 'Service'],
  ['v1', 'ServiceAccount'],
  ['discovery.k8s.io/v1', 'EndpointSlice'],
  ['apps/v1', 'Deployment'],
  ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'],
  ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
];

/** client-go's leader-election lock: renewed every few seconds by whoever leads. */
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

/** Labels and annotations Meshfleet and Istio put on namespaces. */
function meshKeys(values: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([k]) => /istio|meshfleet/.test(k)));
}

/**
 * One cluster's objects: `Kind namespace/name` → what Meshfleet's writers last
 * wrote to it (namespaces: their mesh labels too).
 */
export type Snapshot = Map<string, string>;

/**
 * The field managers whose writes are Meshfleet's: its server-side applies and
 * the Helm releases it installs. Others keep writing while a test compares two
 * snapshots (istiod patches its webhooks' caBundle and failurePolicy, the
 * controller manager a Deployment's status), which says nothing about whether a
 * dry run or a rerun wrote something.
 */
const MESHFLEET_WRITERS = new Set([FIELD_MANAGER, 'helm']);

/**
 * Each Meshfleet writer's last write to the object: manager, operation, time.
 * Not the fields it owns: when istiod patches a webhook's failurePolicy or
 * caBundle with an update, the API server moves those fields from Helm's entry
 * to istiod's, so Helm's field set shrinks although Helm wrote nothing. The
 * time changes only when that manager itself writes.
 */
function meshfleetWrites(object: KubernetesObject): string {
  return (object.metadata?.managedFields ?? [])
    .filter(entry => MESHFLEET_WRITERS.has(entry.manager ?? ''))
    .map(entry => `${entry.manager}/${entry.operation}@${entry.time}`)
    .sort()
    .join('; ');
}

function volatile(kind: string, object: KubernetesObject): boolean {
  if (kind === 'ConfigMap' && object.metadata?.annotations?.[LEADER_ANNOTATION]) return true;
  // The API server and the node stand-ins keep these up to date.
  return kind === 'EndpointSlice' && object.metadata?.namespace === 'default';
}

/** Lists every object of the types a mesh touches, with Meshfleet's writes to it. */
export async function snapshot(client: ClusterClient): Promise<Snapshot> {
  const result: Snapshot = new Map();
  for (const [apiVersion, kind] of TYPES) {
    for (const object of await client.list(apiVersion, kind)) {
      if (volatile(kind, object)) continue;
      const { namespace, name, labels, annotations } = object.metadata ?? {};
      // A namespace's mesh labels first (JSON without spaces): names() keeps them.
      const labelsFirst = kind === 'Namespace' ? `${JSON.stringify({ ...meshKeys(labels), ...meshKeys(annotations) })} ` : '';
      result.set(`${kind} ${namespace ? `${namespace}/` : ''}${name}`, `${labelsFirst}${meshfleetWrites(object)}`);
    }
  }
  return result;
}

/** The keys only (what exists, not its version), namespaces with their mesh labels. */
export function names(shot: Snapshot): string[] {
  return [...shot.entries()]
    .map(([key, value]) => (key.startsWith('Namespace ') ? `${key} ${value.split(' ')[0]}` : key))
    .sort();
}
