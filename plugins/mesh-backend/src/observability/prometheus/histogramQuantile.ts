/*
 * Prometheus' `histogram_quantile` over classic (`le`) buckets, in
 * TypeScript, so a plan can fetch aggregated bucket rates once and derive
 * every quantile of every grouping from them instead of asking Prometheus to
 * recompute the same bucket sums per quantile and per grouping. It mirrors
 * `bucketQuantile` of Prometheus' promql/quantile.go (sort by upper bound,
 * merge equal bounds, force cumulative counts monotonic, linear
 * interpolation inside the bucket holding the rank, the lowest bucket
 * starting at 0); the tests compare it with Prometheus' own answers.
 */

/** One cumulative bucket: observations (or their rate) at or below `upperBound`. */
export interface Bucket {
  upperBound: number;
  count: number;
}

/** The `le` label as Prometheus parses it (`+Inf` included); NaN when it is not a number. */
export function parseUpperBound(le: string | undefined): number {
  if (le === undefined || le.trim() === '') {
    return Number.NaN;
  }
  const text = le.trim();
  if (/^[+]?inf(inity)?$/i.test(text)) {
    return Infinity;
  }
  if (/^-inf(inity)?$/i.test(text)) {
    return -Infinity;
  }
  return Number(text);
}

/** Buckets with the same upper bound become one (their counts added), sorted by bound. */
function coalesce(buckets: Bucket[]): Bucket[] {
  const sorted = [...buckets].sort((a, b) => a.upperBound - b.upperBound);
  const out: Bucket[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && last.upperBound === b.upperBound) {
      last.count += b.count;
    } else {
      out.push({ ...b });
    }
  }
  return out;
}

/** Rates of counters scraped at slightly different times can dip; Prometheus lifts them. */
function ensureMonotonic(buckets: Bucket[]): void {
  let max = -Infinity;
  for (const b of buckets) {
    if (b.count > max) {
      max = b.count;
    } else if (b.count < max) {
      b.count = max;
    }
  }
}

/**
 * The q-quantile of a classic histogram, as Prometheus' `histogram_quantile`
 * computes it: NaN without a `+Inf` bucket, with fewer than two buckets or
 * no observations; the second-highest bound when the rank falls in `+Inf`.
 */
export function histogramQuantile(q: number, buckets: Bucket[]): number {
  if (Number.isNaN(q)) {
    return Number.NaN;
  }
  if (q < 0) {
    return -Infinity;
  }
  if (q > 1) {
    return Infinity;
  }
  const usable = buckets.filter(b => !Number.isNaN(b.upperBound));
  if (usable.length === 0) {
    return Number.NaN;
  }
  const sorted = coalesce(usable);
  if (sorted[sorted.length - 1].upperBound !== Infinity) {
    return Number.NaN;
  }
  ensureMonotonic(sorted);
  if (sorted.length < 2) {
    return Number.NaN;
  }
  const observations = sorted[sorted.length - 1].count;
  if (observations === 0) {
    return Number.NaN;
  }
  let rank = q * observations;
  // sort.Search over all but the +Inf bucket: the first bucket reaching the rank.
  let b = sorted.slice(0, -1).findIndex(bucket => bucket.count >= rank);
  if (b === -1) {
    b = sorted.length - 1;
  }
  if (b === sorted.length - 1) {
    return sorted[sorted.length - 2].upperBound;
  }
  if (b === 0 && sorted[0].upperBound <= 0) {
    return sorted[0].upperBound;
  }
  let bucketStart = 0;
  const bucketEnd = sorted[b].upperBound;
  let count = sorted[b].count;
  if (b > 0) {
    bucketStart = sorted[b - 1].upperBound;
    count -= sorted[b - 1].count;
    rank -= sorted[b - 1].count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}
