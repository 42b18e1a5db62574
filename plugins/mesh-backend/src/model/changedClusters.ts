import type { FleetSnapshot } from '../discovery/types';

/**
 * Names of the clusters whose state differs between two snapshots, including
 * clusters that appeared or disappeared, sorted.
 */
export function changedClusters(before: FleetSnapshot | undefined, after: FleetSnapshot): string[] {
  const previous = new Map((before?.clusters ?? []).map(c => [c.status.name, JSON.stringify(c)]));
  const changed = new Set<string>();
  for (const cluster of after.clusters) {
    const name = cluster.status.name;
    if (previous.get(name) !== JSON.stringify(cluster)) {
      changed.add(name);
    }
    previous.delete(name);
  }
  for (const removed of previous.keys()) {
    changed.add(removed);
  }
  return [...changed].sort();
}
