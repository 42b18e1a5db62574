import type { MeshPolicy, MeshPolicyChange, MeshPolicyListResponse } from '@meshfleet/plugin-mesh-common';

/** One row of the policies table: a policy, whether istiod reads it, and Meshfleet's last change of it. */
export interface PolicyRow {
  id: string;
  policy: MeshPolicy;
  /** `ignored`: found in a member cluster, where istiod does not read it. */
  effect: 'active' | 'ignored';
  lastChange?: MeshPolicyChange;
}

/** Which rows the table shows; empty means all. */
export interface PolicyFilter {
  kind?: string;
  namespace?: string;
}

function key(kind: string, namespace: string, name: string) {
  return `${kind}/${namespace}/${name}`;
}

/**
 * The table's rows: the config cluster's policies, then those found in member
 * clusters (no effect), each with the newest recorded change of that object
 * (`changes` come newest first).
 */
export function policyRows(list: MeshPolicyListResponse, changes: MeshPolicyChange[] = []): PolicyRow[] {
  const newest = new Map<string, MeshPolicyChange>();
  for (const change of changes) {
    const id = key(change.kind, change.namespace, change.name);
    if (!newest.has(id)) {
      newest.set(id, change);
    }
  }
  const row = (policy: MeshPolicy, effect: PolicyRow['effect']): PolicyRow => {
    const id = key(policy.kind, policy.metadata.namespace, policy.metadata.name);
    return {
      id: `${policy.cluster}/${id}`,
      policy,
      effect,
      lastChange: effect === 'active' ? newest.get(id) : undefined,
    };
  };
  return [...list.policies.map(p => row(p, 'active')), ...list.ignored.map(p => row(p, 'ignored'))];
}

/** The rows a filter keeps. */
export function filterRows(rows: PolicyRow[], filter: PolicyFilter): PolicyRow[] {
  return rows.filter(
    r =>
      (!filter.kind || r.policy.kind === filter.kind) &&
      (!filter.namespace || r.policy.metadata.namespace === filter.namespace),
  );
}

/** The distinct values of the rows' kinds and namespaces, sorted, for the filters' choices. */
export function filterChoices(rows: PolicyRow[]): { kinds: string[]; namespaces: string[] } {
  const sorted = (values: string[]) => [...new Set(values)].sort();
  return {
    kinds: sorted(rows.map(r => r.policy.kind)),
    namespaces: sorted(rows.map(r => r.policy.metadata.namespace)),
  };
}
