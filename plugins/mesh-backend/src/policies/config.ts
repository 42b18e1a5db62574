import type { Config } from '@backstage/config';
import { durationMs } from '../observability/config';
import { DEFAULT_STATE_TTL_MS } from './validation/stateLoader';

/** Settings of the policies API (`meshfleet.policies`). */
export interface PolicyConfig {
  /** How long validation reuses the clusters' Services, Pods and Namespaces it read; 0: read them each time. */
  clusterStateTtlMs: number;
}

/** Reads `meshfleet.policies`; every setting has a default. */
export function readPolicyConfig(config: Config): PolicyConfig {
  const policies = config.getOptionalConfig('meshfleet.policies');
  // 0 (a number or '0') turns the reuse off; durations are otherwise positive.
  const raw = policies?.getOptional('clusterStateTtl');
  if (raw === 0 || raw === '0') return { clusterStateTtlMs: 0 };
  return { clusterStateTtlMs: durationMs(policies, 'clusterStateTtl', DEFAULT_STATE_TTL_MS) };
}
