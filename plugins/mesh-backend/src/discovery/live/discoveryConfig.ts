import type { Config } from '@backstage/config';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type { NamespaceSelection } from '../namespaceFilter';

/**
 * Discovery settings from `meshfleet.discovery`.
 */
export interface DiscoveryConfig {
  /** Full relist period per cluster, and how often cluster sources are read again. */
  resyncIntervalMs: number;
  namespaces: NamespaceSelection;
}

/** Default full relist period: watches carry changes in between. */
export const DEFAULT_RESYNC_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Reads `meshfleet.discovery` (all optional).
 */
export function readDiscoveryConfig(rootConfig: Config): DiscoveryConfig {
  const config = rootConfig.getOptionalConfig('meshfleet.discovery');
  const resync = config?.has('resyncInterval')
    ? durationToMilliseconds(
        readDurationFromConfig(config, { key: 'resyncInterval' }),
      )
    : DEFAULT_RESYNC_INTERVAL_MS;
  return {
    resyncIntervalMs: resync,
    namespaces: {
      include: config?.getOptionalStringArray('namespaces.include'),
      exclude: config?.getOptionalStringArray('namespaces.exclude'),
    },
  };
}
