import { Bucket, histogramQuantile, parseUpperBound } from '../prometheus/histogramQuantile';
import { InstantSample } from '../prometheus/types';

/*
 * Latency quantiles from the plan's one bucket answer (`latency-buckets`,
 * bucket rates per cluster pair and `le`). A coarser grouping (a whole edge,
 * a service's inbound) sums the cluster pairs' buckets per `le` before taking
 * quantiles, exactly what `sum by (coarser labels, le)` over the raw series
 * gives (up to the order of float additions). Pure.
 */

/** p50, p95, p99 in milliseconds; null where there is nothing to measure. */
export type Quantiles = { p50: number | null; p95: number | null; p99: number | null };

/** The values of `names` in `labels`, joined: a grouping key. */
export function keyOf(labels: Record<string, string>, names: string[]): string {
  return names.map(n => labels[n] ?? '').join('|');
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function quantile(q: number, buckets: Bucket[]): number | null {
  const v = histogramQuantile(q, buckets);
  return Number.isFinite(v) ? round(v) : null;
}

/** Quantiles per group of `labels` (each a subset of the bucket answer's labels). */
export function quantilesByKey(buckets: InstantSample[], labels: string[]): Map<string, Quantiles> {
  const groups = new Map<string, Bucket[]>();
  for (const { metric, value } of buckets) {
    const key = keyOf(metric, labels);
    const group = groups.get(key) ?? [];
    group.push({ upperBound: parseUpperBound(metric.le), count: value });
    groups.set(key, group);
  }
  const out = new Map<string, Quantiles>();
  for (const [key, group] of groups) {
    out.set(key, { p50: quantile(0.5, group), p95: quantile(0.95, group), p99: quantile(0.99, group) });
  }
  return out;
}
