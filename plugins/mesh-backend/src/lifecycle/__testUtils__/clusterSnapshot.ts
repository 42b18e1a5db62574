import type { KubernetesObject } from '@kubernetes/client-node';
import type { ClusterClient } from '../clusters/ClusterClient';

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

/** One cluster's objects: `Kind namespace/name` → resourceVersion (namespaces: their mesh labels too). */
export type Snapshot = Map<string, string>;

function volatile(kind: string, object: KubernetesObject): boolean {
  if (kind === 'ConfigMap' && object.metadata?.annotations?.[LEADER_ANNOTATION]) return true;
  // The API server and the node stand-ins keep these up to date.
  return kind === 'EndpointSlice' && object.metadata?.namespace === 'default';
}

/** Lists every object of the types a mesh touches, with its resourceVersion. */
export async function snapshot(client: ClusterClient): Promise<Snapshot> {
  const result: Snapshot = new Map();
  for (const [apiVersion, kind] of TYPES) {
    for (const object of await client.list(apiVersion, kind)) {
      if (volatile(kind, object)) continue;
      const { namespace, name, resourceVersion, labels, annotations } = object.metadata ?? {};
      const extra = kind === 'Namespace' ? ` ${JSON.stringify({ ...meshKeys(labels), ...meshKeys(annotations) })}` : '';
      result.set(`${kind} ${namespace ? `${namespace}/` : ''}${name}`, `${resourceVersion}${extra}`);
    }
  }
  return result;
}

/** The keys only (what exists, not its version), namespaces with their mesh labels. */
export function names(shot: Snapshot): string[] {
  return [...shot.entries()]
    .map(([key, value]) => (key.startsWith('Namespace ') ? `${key} ${value.replace(/^\S+ /, '')}` : key))
    .sort();
}
