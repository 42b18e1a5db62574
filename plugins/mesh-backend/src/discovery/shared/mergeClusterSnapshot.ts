import type { ClusterSnapshot } from '../types';

/**
 * What the lease holder serves for one cluster, from its own reader's
 * snapshot (`own`) and the last shared snapshot it took over (`shared`):
 *
 * - its own, once it has read the cluster (or when nothing was shared);
 * - the shared one while its own first attempt has not finished;
 * - after a failed first attempt: its own status (unreachable, with the
 *   reason; since when it was unreachable carried over) with the shared
 *   Istio state and Services, so a cluster's last known state survives a
 *   takeover that happens during the cluster's outage.
 */
export function mergeClusterSnapshot(
  own: ClusterSnapshot,
  shared: ClusterSnapshot | undefined,
): ClusterSnapshot {
  if (!shared || own.istio) return own;
  if (own.status.reachability === 'unknown') return shared;
  if (!shared.istio) return own;
  const unreachableSince =
    shared.status.unreachableSince ?? own.status.unreachableSince;
  return {
    status: {
      ...shared.status,
      ...own.status,
      ...(unreachableSince && { unreachableSince }),
    },
    istio: shared.istio,
    services: shared.services,
  };
}
