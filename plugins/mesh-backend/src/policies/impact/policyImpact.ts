import type { MeshPolicyImpact, MeshPolicyObjectRef, MeshService } from '@meshfleet/plugin-mesh-common';
import type { TopologyGraph } from '../../observability/topology/types';

/*
 * What a batch of policies touches, from the mesh model (its services and
 * their per-cluster instances) and the topology's last window. Pure.
 *
 * - Host-based kinds (VirtualService, DestinationRule, ServiceEntry) touch
 *   the services their hosts name, in every cluster of the mesh; `*` and
 *   `*.<domain>` hosts every service they match.
 * - Selector-based kinds touch the services whose instances' selectors carry
 *   every label of the policy's selector; without a selector, every service
 *   of the policy's namespace, or of the mesh when that is the root namespace.
 * - Workloads are named by the service whose selector picks them (the model
 *   has services and their selectors, not pods), one per cluster.
 */

/** Istio's root namespace: a policy there without a selector applies to the whole mesh. */
export const ROOT_NAMESPACE = 'istio-system';

/** A policy as impact reads it. */
export interface ImpactObject {
  kind: string;
  metadata: { namespace: string; name: string };
  spec: Record<string, unknown>;
}

const HOST_KINDS: Record<string, (spec: Record<string, unknown>) => unknown> = {
  VirtualService: spec => spec.hosts,
  DestinationRule: spec => [spec.host],
  ServiceEntry: spec => spec.hosts,
};

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function labels(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

/** The labels a selector-based policy selects on; undefined when it selects all of its scope. */
function selectorOf(object: ImpactObject): Record<string, string> | undefined {
  const { spec } = object;
  if (object.kind === 'Gateway') return labels(spec.selector);
  if (object.kind === 'Sidecar') return labels((spec.workloadSelector as { labels?: unknown } | undefined)?.labels);
  return labels((spec.selector as { matchLabels?: unknown } | undefined)?.matchLabels);
}

/** A host as a fully qualified name: short names are relative to the policy's namespace, as Istio resolves them. */
function qualify(host: string, namespace: string): string {
  if (host.startsWith('*')) return host;
  const parts = host.split('.');
  if (parts.length === 1) return `${host}.${namespace}.svc.cluster.local`;
  if (parts.length === 2) return `${host}.svc.cluster.local`;
  return host;
}

function hostMatches(pattern: string, hostname: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return hostname.endsWith(pattern.slice(1));
  return pattern === hostname;
}

function selects(selector: Record<string, string>, serviceSelector: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => serviceSelector[k] === v);
}

/** The services one policy touches. */
function touchedBy(object: ImpactObject, services: MeshService[]): MeshService[] {
  const namespace = object.metadata.namespace;
  const hostsOf = HOST_KINDS[object.kind];
  if (hostsOf) {
    const hosts = strings(hostsOf(object.spec)).map(h => qualify(h, namespace));
    return services.filter(s => hosts.some(h => hostMatches(h, s.hostname)));
  }
  if (object.kind === 'WorkloadEntry') return [];
  const selector = selectorOf(object);
  const inScope = namespace === ROOT_NAMESPACE ? services : services.filter(s => s.namespace === namespace);
  if (!selector || Object.keys(selector).length === 0) return inScope;
  return inScope.filter(s => s.instances.some(i => selects(selector, i.selector)));
}

function byRef(a: MeshPolicyObjectRef, b: MeshPolicyObjectRef): number {
  return `${a.cluster}/${a.namespace}/${a.name}`.localeCompare(`${b.cluster}/${b.namespace}/${b.name}`);
}

/** Observed edges into or out of the nodes, one per caller and callee (protocols summed). */
function edgesOf(topology: TopologyGraph | undefined, nodeIds: Set<string>): MeshPolicyImpact['edges'] {
  const merged = new Map<string, MeshPolicyImpact['edges'][number]>();
  for (const e of topology?.edges ?? []) {
    if (!nodeIds.has(e.source) && !nodeIds.has(e.target)) continue;
    const key = `${e.source}>${e.target}`;
    const seen = merged.get(key);
    merged.set(key, {
      source: e.source,
      target: e.target,
      requestsPerSecond: (seen?.requestsPerSecond ?? 0) + e.traffic.requestRate,
      crossCluster: (seen?.crossCluster ?? false) || e.crossCluster,
    });
  }
  return [...merged.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, edge]) => edge);
}

/** What the batch touches, with the edges into and out of touched services in `topology` (when given). */
export function policyImpact(
  objects: ImpactObject[],
  services: MeshService[],
  topology: TopologyGraph | undefined,
  notes: string[] = [],
): MeshPolicyImpact {
  const touched = new Map<string, MeshService>();
  for (const object of objects) {
    for (const service of touchedBy(object, services)) touched.set(`${service.namespace}/${service.name}`, service);
  }
  const instances = [...touched.values()].flatMap(s => s.instances.map(i => ({ cluster: i.cluster, namespace: s.namespace, name: s.name })));
  const serviceRefs = [...instances].sort(byRef);
  const workloads = instances.filter(i => {
    const service = touched.get(`${i.namespace}/${i.name}`)!;
    return service.instances.some(x => x.cluster === i.cluster && Object.keys(x.selector).length > 0);
  });
  const nodeIds = new Set([...touched.values()].map(s => `svc:${s.namespace}:${s.name}`));
  const edges = edgesOf(topology, nodeIds);
  return {
    clusters: [...new Set(instances.map(i => i.cluster))].sort(),
    services: serviceRefs,
    workloads: workloads.sort(byRef),
    edges,
    ...(topology ? { window: topology.window } : {}),
    notes,
  };
}
