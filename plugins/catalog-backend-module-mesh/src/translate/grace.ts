import { ClusterStatus } from '@meshfleet/plugin-mesh-common';
import { TranslateOptions } from './types';

/**
 * Whether an unreachable cluster has been unreachable for longer than the
 * grace period, so its entity should leave the catalog. A cluster without an
 * `unreachableSince` stays: there is nothing to measure the period from.
 */
export function isPastGracePeriod(
  cluster: Pick<ClusterStatus, 'reachability' | 'unreachableSince'>,
  options: Pick<TranslateOptions, 'now' | 'unreachableGracePeriodMs'>,
): boolean {
  if (cluster.reachability !== 'unreachable' || !cluster.unreachableSince) {
    return false;
  }
  const since = Date.parse(cluster.unreachableSince);
  if (Number.isNaN(since)) {
    return false;
  }
  return options.now.getTime() - since > options.unreachableGracePeriodMs;
}
