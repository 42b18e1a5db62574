/**
 * Exponential backoff with jitter for reconnecting to one cluster.
 */
export interface BackoffOptions {
  /** First delay (default 1 s). */
  initialMs?: number;
  /** Longest delay (default 60 s). */
  maxMs?: number;
  /** Share of the delay that is random, 0..1 (default 0.2), so clusters that failed together do not retry together. */
  jitter?: number;
}

/**
 * The delay before retry number `attempt` (0-based): initial * 2^attempt,
 * capped, with +-jitter.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const initial = options.initialMs ?? 1000;
  const max = options.maxMs ?? 60_000;
  const jitter = options.jitter ?? 0.2;
  const base = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  const spread = base * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(max, base + spread)));
}
