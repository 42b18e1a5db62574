import type { MeshPolicy } from '@meshfleet/plugin-mesh-common';
import { matchHosts, ROOT_NAMESPACE, ServiceTarget } from '../PolicyForms';

/*
 * Which of a mesh's policies apply to one service, and at what scope, as Istio
 * applies them: VirtualServices and DestinationRules by host (the service's
 * short name in its namespace, a qualified name, or a wildcard covering it);
 * workload policies (Sidecar, PeerAuthentication, AuthorizationPolicy,
 * RequestAuthentication, Telemetry) by a selector of its pods, namespace-wide
 * without one in its namespace, mesh-wide without one in the root namespace.
 */

export type PolicyScope = 'service' | 'namespace' | 'mesh';

export interface ServicePolicy {
  policy: MeshPolicy;
  scope: PolicyScope;
}

const WORKLOAD_KINDS = new Set([
  'Sidecar',
  'PeerAuthentication',
  'AuthorizationPolicy',
  'RequestAuthentication',
  'Telemetry',
]);

/** The labels a workload policy selects pods by (Sidecar: `workloadSelector.labels`, others: `selector.matchLabels`). */
function selectorLabels(
  policy: MeshPolicy,
): Record<string, string> | undefined {
  const spec = policy.spec as {
    workloadSelector?: { labels?: Record<string, string> };
    selector?: { matchLabels?: Record<string, string> };
  };
  const labels =
    policy.kind === 'Sidecar'
      ? spec.workloadSelector?.labels
      : spec.selector?.matchLabels;
  return labels && Object.keys(labels).length > 0 ? labels : undefined;
}

/**
 * Whether a selector picks (some of) the service's pods. The mesh model knows
 * the labels the Service selects pods by, not each pod's labels: a selector
 * agreeing on every label the Service also uses, and sharing at least one,
 * picks its pods or a subset of them (`app=catalog,version=v2`).
 */
export function selectsService(
  labels: Record<string, string>,
  serviceSelector: Record<string, string>,
): boolean {
  const shared = Object.keys(labels).filter(key => key in serviceSelector);
  return (
    shared.length > 0 &&
    shared.every(key => labels[key] === serviceSelector[key])
  );
}

function scopeOf(
  policy: MeshPolicy,
  target: ServiceTarget,
): PolicyScope | undefined {
  const { namespace } = policy.metadata;
  if (policy.kind === 'VirtualService' || policy.kind === 'DestinationRule') {
    const hosts =
      policy.kind === 'VirtualService' ? policy.spec.hosts : policy.spec.host;
    const match = matchHosts(hosts, namespace, target);
    if (match === 'exact') return 'service';
    if (match === 'none') return undefined;
    // A wildcard: `*.shop.svc.cluster.local` covers a namespace, `*` or `*.cluster.local` the mesh.
    const hostList = (Array.isArray(hosts) ? hosts : [hosts]) as string[];
    return hostList.some(h => h === `*.${target.namespace}.svc.cluster.local`)
      ? 'namespace'
      : 'mesh';
  }
  if (!WORKLOAD_KINDS.has(policy.kind)) return undefined;
  const labels = selectorLabels(policy);
  if (labels)
    return namespace === target.namespace &&
      selectsService(labels, target.selector)
      ? 'service'
      : undefined;
  if (namespace === target.namespace) return 'namespace';
  return namespace === ROOT_NAMESPACE ? 'mesh' : undefined;
}

const SCOPE_ORDER: Record<PolicyScope, number> = {
  service: 0,
  namespace: 1,
  mesh: 2,
};

/** The policies that apply to the service, service-scoped first, then namespace-wide, then mesh-wide. */
export function policiesForService(
  policies: MeshPolicy[],
  target: ServiceTarget,
): ServicePolicy[] {
  return policies
    .flatMap(policy => {
      const scope = scopeOf(policy, target);
      return scope ? [{ policy, scope }] : [];
    })
    .sort((a, b) => SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope]);
}
