import type { Config } from '@backstage/config';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type { RequestRate } from '../../clusters/requestLimits';
import type { NamespaceSelection } from '../namespaceFilter';

/**
 * Discovery settings from `meshfleet.discovery`.
 */
export interface DiscoveryConfig {
  /** Full relist period per cluster, and how often cluster sources are read again. */
  resyncIntervalMs: number;
  namespaces: NamespaceSelection;
  /** Clusters read in full (version and every list) at once. */
  concurrency: number;
  /** Request pacing per cluster. */
  requestRate: RequestRate;
  /** How long the discovery lease lasts unless its holder renews it. */
  leaseDurationMs: number;
  /** How often replicas without the lease check the shared snapshot. */
  pollIntervalMs: number;
}

/** Default full relist period: watches carry changes in between. */
export const DEFAULT_RESYNC_INTERVAL_MS = 5 * 60 * 1000;
/** Default number of clusters read in full at once. */
export const DEFAULT_CONCURRENCY = 10;
/**
 * Default pacing per cluster: a cluster's first read (version, 8 lists and
 * 8 watches) fits in one burst.
 */
export const DEFAULT_REQUEST_RATE: RequestRate = {
  requestsPerSecond: 10,
  burst: 20,
};
/** Default lease duration, as Kubernetes' own leader election. */
export const DEFAULT_LEASE_DURATION_MS = 15_000;
/** Default poll interval of replicas without the lease. */
export const DEFAULT_POLL_INTERVAL_MS = 1000;

const KEY = 'meshfleet.discovery';

function durationMs(
  config: Config | undefined,
  key: string,
  fallback: number,
): number {
  if (!config?.has(key)) return fallback;
  const ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  if (!(ms > 0)) {
    throw new Error(
      `${KEY}.${key} must be a duration longer than zero, got ${ms} ms`,
    );
  }
  return ms;
}

function positive(
  config: Config | undefined,
  key: string,
  fallback: number,
  integer: boolean,
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!(value > 0) || (integer && !Number.isInteger(value))) {
    throw new Error(
      `${KEY}.${key} must be ${
        integer ? 'a whole number' : 'a number'
      } greater than zero, got ${value}`,
    );
  }
  return value;
}

/**
 * Reads `meshfleet.discovery` (all optional). Invalid values throw an error
 * naming the key and what was expected.
 */
export function readDiscoveryConfig(rootConfig: Config): DiscoveryConfig {
  const config = rootConfig.getOptionalConfig(KEY);
  const leaseDurationMs = durationMs(
    config,
    'leaseDuration',
    DEFAULT_LEASE_DURATION_MS,
  );
  const pollIntervalMs = durationMs(
    config,
    'pollInterval',
    Math.min(DEFAULT_POLL_INTERVAL_MS, leaseDurationMs / 3),
  );
  if (pollIntervalMs > leaseDurationMs / 3) {
    throw new Error(
      `${KEY}.pollInterval (${pollIntervalMs} ms) must be at most a third of ${KEY}.leaseDuration (${leaseDurationMs} ms), so the holder renews the lease in time`,
    );
  }
  return {
    resyncIntervalMs: durationMs(
      config,
      'resyncInterval',
      DEFAULT_RESYNC_INTERVAL_MS,
    ),
    namespaces: {
      include: config?.getOptionalStringArray('namespaces.include'),
      exclude: config?.getOptionalStringArray('namespaces.exclude'),
    },
    concurrency: positive(config, 'concurrency', DEFAULT_CONCURRENCY, true),
    requestRate: {
      requestsPerSecond: positive(
        config,
        'requestsPerSecond',
        DEFAULT_REQUEST_RATE.requestsPerSecond,
        false,
      ),
      burst: positive(config, 'burst', DEFAULT_REQUEST_RATE.burst, true),
    },
    leaseDurationMs,
    pollIntervalMs,
  };
}
