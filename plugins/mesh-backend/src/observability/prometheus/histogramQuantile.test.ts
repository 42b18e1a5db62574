import { Bucket, histogramQuantile, parseUpperBound } from './histogramQuantile';

/*
 * Cases worked by hand from Prometheus' bucketQuantile (promql/quantile.go);
 * topology/assemble.test.ts compares the function with Prometheus' own
 * answers on recorded buckets.
 */

const buckets = (...pairs: Array<[number, number]>): Bucket[] => pairs.map(([upperBound, count]) => ({ upperBound, count }));

describe('histogramQuantile', () => {
  const latency = buckets([10, 10], [100, 20], [Infinity, 20]);

  it('interpolates linearly inside the bucket holding the rank, the lowest from 0', () => {
    expect(histogramQuantile(0.25, latency)).toBe(5);
    expect(histogramQuantile(0.5, latency)).toBe(10);
    expect(histogramQuantile(0.95, latency)).toBeCloseTo(91, 10);
  });

  it('answers the highest finite bound when the rank falls in +Inf', () => {
    expect(histogramQuantile(0.99, buckets([10, 5], [100, 10], [Infinity, 20]))).toBe(100);
  });

  it('needs a +Inf bucket, two buckets and observations', () => {
    expect(histogramQuantile(0.5, buckets([10, 5], [100, 10]))).toBeNaN();
    expect(histogramQuantile(0.5, buckets([Infinity, 5]))).toBeNaN();
    expect(histogramQuantile(0.5, buckets([10, 0], [Infinity, 0]))).toBeNaN();
    expect(histogramQuantile(0.5, [])).toBeNaN();
  });

  it('sorts, adds up equal bounds and lifts dips as Prometheus does', () => {
    const unordered = buckets([Infinity, 10], [100, 6], [10, 2], [100, 4]);
    // Coalesced: 10 -> 2, 100 -> 10, +Inf -> 10; rank 5 is 3/8 into (10, 100].
    expect(histogramQuantile(0.5, unordered)).toBeCloseTo(10 + 90 * (3 / 8), 10);
    // A dip (rates of buckets scraped apart): 100 -> 3 is lifted to 4.
    expect(histogramQuantile(0.5, buckets([10, 4], [100, 3], [Infinity, 4]))).toBe(5);
  });

  it('keeps a non-positive lowest bound as is', () => {
    expect(histogramQuantile(0.1, buckets([0, 5], [10, 10], [Infinity, 10]))).toBe(0);
  });

  it('answers -Inf, +Inf and NaN for quantiles outside [0, 1]', () => {
    expect(histogramQuantile(-0.1, latency)).toBe(-Infinity);
    expect(histogramQuantile(1.1, latency)).toBe(Infinity);
    expect(histogramQuantile(Number.NaN, latency)).toBeNaN();
  });
});

describe('parseUpperBound', () => {
  it('reads le labels as Prometheus writes them', () => {
    expect(parseUpperBound('0.5')).toBe(0.5);
    expect(parseUpperBound('+Inf')).toBe(Infinity);
    expect(parseUpperBound('1e+06')).toBe(1e6);
    expect(parseUpperBound('fast')).toBeNaN();
    expect(parseUpperBound(undefined)).toBeNaN();
  });
});
