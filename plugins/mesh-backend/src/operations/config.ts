import type { Config } from '@backstage/config';
import { readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';

/** How the operations runner of each replica behaves (`meshfleet.operations`). */
export interface OperationsConfig {
  /** How long a claim holds without a heartbeat; the heartbeat renews it every third of it. */
  leaseDurationMs: number;
  /** At most this many operations run at once on one replica. */
  concurrency: number;
}

export const DEFAULT_LEASE_DURATION_MS = 30_000;
export const DEFAULT_CONCURRENCY = 2;

/** Reads `meshfleet.operations` (all optional), naming a bad value. */
export function readOperationsConfig(rootConfig: Config): OperationsConfig {
  const config = rootConfig.getOptionalConfig('meshfleet.operations');
  const leaseDurationMs = config?.has('leaseDuration')
    ? durationToMilliseconds(readDurationFromConfig(config, { key: 'leaseDuration' }))
    : DEFAULT_LEASE_DURATION_MS;
  if (!(leaseDurationMs >= 1000)) {
    throw new InputError(
      `meshfleet.operations.leaseDuration: ${leaseDurationMs} ms is too short; expected at least one second (default 30 seconds)`,
    );
  }
  const concurrency = config?.getOptionalNumber('concurrency') ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InputError(`meshfleet.operations.concurrency: ${concurrency} is not allowed; expected a whole number of at least 1 (default 2)`);
  }
  return { leaseDurationMs, concurrency };
}
