import type { AnalyzedObject, MeshState, StatePod, StateService } from '../types';
import { toFqdn } from './hosts';
import { selects } from './labels';

/*
 * Lookups over a mesh's state, built once per state (the state loader keeps
 * a state for a few seconds, and a validation asks many questions of it):
 * hosts by scoped FQDN, pods by namespace and by label, so no check scans the
 * whole mesh per policy.
 */

/** A destination the mesh knows: a Kubernetes Service (any cluster) or a ServiceEntry. */
export interface KnownHost {
  ports: { number: number; name?: string; protocol?: string }[];
  /** A ServiceEntry's workloadSelector labels (subsets select pods with these too). */
  workloadSelector?: Record<string, string>;
}

const ALL = '*';
const LOCAL = '.';

/** Hosts keyed as Istio's analyzers key them: `<scope>/<fqdn>`, the scope a namespace or `*`. */
class HostTable {
  readonly exact = new Map<string, KnownHost>();
  readonly wildcards: { scope: string; host: string; known: KnownHost }[] = [];

  add(scope: string, fqdn: string, known: KnownHost): void {
    const key = `${scope}/${fqdn}`;
    const current = this.exact.get(key);
    if (current && current !== known) {
      // The same service in several clusters: one host, the union of its ports.
      const numbers = new Set(current.ports.map(p => p.number));
      current.ports.push(...known.ports.filter(p => !numbers.has(p.number)));
      return;
    }
    this.exact.set(key, known);
    if (fqdn.startsWith('*')) this.wildcards.push({ scope, host: fqdn, known });
  }
}

function scopesOfService(service: StateService): string[] {
  if (!service.exportTo) return [ALL];
  return service.exportTo.split(',').map(s => s.trim()).map(s => (s === LOCAL ? service.namespace : s));
}

/** Index of a state's services, pods and namespaces. */
export class StateIndex {
  readonly services = new HostTable();
  readonly podsByNamespace = new Map<string, StatePod[]>();
  private readonly podsByLabel = new Map<string, StatePod[]>();
  readonly namespaceNames = new Set<string>();
  readonly namespaceLabels = new Map<string, Record<string, string>>();
  /** Services per `cluster/namespace`: a Service selects pods of its own namespace and cluster. */
  readonly servicesByClusterNamespace = new Map<string, StateService[]>();

  constructor(readonly state: MeshState) {
    for (const service of state.services) {
      const known: KnownHost = { ports: service.ports.map(p => ({ number: p.port, name: p.name, protocol: p.protocol })) };
      const fqdn = toFqdn(service.namespace, service.name);
      for (const scope of scopesOfService(service)) this.services.add(scope, fqdn, known);
      push(this.servicesByClusterNamespace, `${service.cluster}/${service.namespace}`, service);
    }
    for (const pod of state.pods) {
      push(this.podsByNamespace, pod.namespace, pod);
      for (const [k, v] of Object.entries(pod.labels)) push(this.podsByLabel, `${k}=${v}`, pod);
    }
    for (const ns of state.namespaces) {
      this.namespaceNames.add(ns.name);
      this.namespaceLabels.set(ns.name, { ...this.namespaceLabels.get(ns.name), ...ns.labels });
    }
  }

  /** Pods the selector matches, in one namespace or anywhere; an empty selector matches all of them. */
  podsSelectedBy(selector: Record<string, string> | undefined, namespace?: string): StatePod[] {
    const pairs = Object.entries(selector ?? {});
    let candidates: StatePod[];
    if (pairs.length === 0) {
      candidates = namespace === undefined ? this.state.pods : (this.podsByNamespace.get(namespace) ?? []);
    } else {
      // Start from the rarest pair's pods: a selector's pods are few, the mesh's many.
      const lists = pairs.map(([k, v]) => this.podsByLabel.get(`${k}=${v}`) ?? []);
      candidates = lists.reduce((a, b) => (b.length < a.length ? b : a));
    }
    return candidates.filter(p => (namespace === undefined || p.namespace === namespace) && selects(selector, p.labels));
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// Keyed by the state's list of services: states that share the clusters' part share the index.
const indexes = new WeakMap<object, StateIndex>();

/** The index of a state's clusters (built on first use, then kept as long as their lists are). */
export function indexOf(state: MeshState): StateIndex {
  let index = indexes.get(state.services);
  if (!index) {
    index = new StateIndex(state);
    indexes.set(state.services, index);
  }
  return index;
}

/** The ServiceEntries among the objects, as hosts in their export scopes (Istio's InitServiceEntryHostMap). */
function serviceEntryTable(objects: AnalyzedObject[]): HostTable {
  const table = new HostTable();
  for (const se of objects.filter(o => o.kind === 'ServiceEntry')) {
    const ns = se.metadata.namespace;
    const spec = se.spec as { hosts?: string[]; exportTo?: string[]; ports?: { number?: number; name?: string; protocol?: string }[]; workloadSelector?: { labels?: Record<string, string> } };
    const known: KnownHost = {
      ports: (spec.ports ?? []).map(p => ({ number: Number(p.number), name: p.name, protocol: p.protocol })),
      workloadSelector: spec.workloadSelector?.labels,
    };
    const exportTo = spec.exportTo ?? [];
    const scopes = exportTo.length === 0 || exportTo.includes(ALL) ? [ALL] : exportTo.map(e => (e === LOCAL ? ns : e));
    for (const host of spec.hosts ?? []) for (const scope of scopes) table.add(scope, toFqdn(ns, host), known);
  }
  return table;
}

/**
 * Resolves destination hosts as Istio's GetDestinationHost does: exported to
 * all first, then the referring object's own scope (or its exportTo's), then
 * wildcard hosts visible to its namespace. ServiceEntries before Services.
 */
export class HostRegistry {
  private readonly entries: HostTable;

  constructor(
    private readonly index: StateIndex,
    objects: AnalyzedObject[],
  ) {
    this.entries = serviceEntryTable(objects);
  }

  lookup(sourceNamespace: string, exportTo: string[] | undefined, host: string): KnownHost | undefined {
    const fqdn = toFqdn(sourceNamespace, host);
    const scopes = [ALL, ...(exportTo?.length ? exportTo.map(e => (e === LOCAL ? sourceNamespace : e)) : [sourceNamespace])];
    for (const table of [this.entries, this.index.services]) {
      for (const scope of scopes) {
        const found = table.exact.get(`${scope}/${fqdn}`);
        if (found) return found;
      }
    }
    const bare = host.startsWith('*') ? host.slice(1) : host;
    for (const table of [this.entries, this.index.services]) {
      for (const w of table.wildcards) {
        if ((w.scope === ALL || w.scope === sourceNamespace) && bare.endsWith(w.host.slice(1))) return w.known;
      }
    }
    return undefined;
  }
}
