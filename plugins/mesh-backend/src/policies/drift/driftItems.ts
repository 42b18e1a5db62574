import type { MeshPolicy, MeshPolicyDriftItem, MeshPolicyKind } from '@meshfleet/plugin-mesh-common';
import { LastWritten, policyKey } from '../history/PolicyHistory';
import { contentOf, policyDiff, sameContent } from '../history/policyDiff';

/*
 * Drift of a mesh's policies: the config cluster's objects against what
 * Meshfleet last wrote for each (the history's latest content). Pure.
 *
 * - changed-outside: Meshfleet's last write left it, and it differs now;
 * - added-outside: it exists, and Meshfleet never wrote it or last deleted it;
 * - deleted-outside: Meshfleet's last write left it, and it is gone.
 *
 * Objects labelled with the mesh's id (`meshfleet.io/mesh-id`) are left out:
 * Meshfleet's mesh operations wrote them (the cross-network Gateway of a
 * multi-network join), own them, and put them back on every rerun.
 */

/** The label Meshfleet's mesh operations put on what they create for a mesh. */
const MESH_ID_LABEL = 'meshfleet.io/mesh-id';

/** Every drifted policy, sorted by kind, namespace and name; each diff is Meshfleet's last write → now. */
export function driftOf(meshId: string, current: MeshPolicy[], lastWritten: LastWritten[]): MeshPolicyDriftItem[] {
  const written = new Map(lastWritten.map(w => [policyKey(w), w]));
  const items: MeshPolicyDriftItem[] = [];
  const present = new Set<string>();
  for (const policy of current) {
    if (policy.metadata.labels?.[MESH_ID_LABEL] === meshId && !written.has(policyKeyOf(policy))) continue;
    const ref = refOf(policy);
    const key = policyKey(ref);
    present.add(key);
    const last = written.get(key)?.after;
    const now = contentOf(policy);
    if (last && sameContent(last, now)) continue;
    items.push({ ...ref, reason: last ? 'changed-outside' : 'added-outside', diff: policyDiff(key, last, now), current: policy });
  }
  for (const w of lastWritten) {
    const key = policyKey(w);
    if (w.after && !present.has(key)) {
      items.push({ kind: w.kind, namespace: w.namespace, name: w.name, reason: 'deleted-outside', diff: policyDiff(key, w.after, undefined) });
    }
  }
  return items.sort((a, b) => policyKey(a).localeCompare(policyKey(b)));
}

function refOf(policy: MeshPolicy) {
  return { kind: policy.kind as MeshPolicyKind, namespace: policy.metadata.namespace, name: policy.metadata.name };
}

function policyKeyOf(policy: MeshPolicy): string {
  return policyKey(refOf(policy));
}
