import { InputError } from '@backstage/errors';
import { ObservabilityLimits } from '../config';
import { formatDuration, parseDuration } from '../durations';
import { crossBranches, labelReplace, Matcher, rateUnion } from '../prometheus/promql';
import { RangeSeries } from '../prometheus/types';
import { reporterBranches } from '../topology/plan';
import { Reporter } from '../topology/types';

/*
 * Charts of one service by cluster: request rate, errors (4xx, 5xx, gRPC)
 * and latency p50/p95/p99 over a time range. Two range queries whatever the
 * number of clusters. Planning and assembly are pure.
 */

/** A [unix seconds, value] point; null where Prometheus had no value (NaN). */
export type Point = [number, number | null];

/** One cluster's charts. */
export interface ClusterServiceMetrics {
  cluster: string;
  requestRate: Point[];
  errorRate4xx: Point[];
  errorRate5xx: Point[];
  errorRateGrpc: Point[];
  latencyMs: { p50: Point[]; p95: Point[]; p99: Point[] };
}

/** The body of `GET /meshes/{meshId}/services/{namespace}/{service}/metrics`. */
export interface ServiceMetrics {
  meshId: string;
  namespace: string;
  service: string;
  reporter: Reporter;
  /** Unix seconds; `end - start` is the range, `step` the spacing of points. */
  start: number;
  end: number;
  step: number;
  /** The PromQL range of each rate, e.g. `1m`. */
  rateWindow: string;
  clusters: ClusterServiceMetrics[];
}

/** A checked chart range. */
export interface ChartRange {
  start: number;
  end: number;
  step: number;
  rateWindow: string;
}

/**
 * The chart range for `range` (default 1h) and `step` (default: range / 120),
 * refused when the range exceeds `maxRange` or a series would have more than
 * `maxPointsPerSeries` points. The rate window is Grafana's `$__rate_interval`
 * rule: at least four scrape intervals, and at least one step plus one scrape.
 */
export function checkChartRange(
  params: { range?: string; step?: string },
  limits: ObservabilityLimits,
  scrapeIntervalMs: number,
  nowMs: number,
): ChartRange {
  const rangeMs = params.range === undefined ? 3_600_000 : parseDuration('range', params.range);
  if (rangeMs > limits.maxRangeMs) {
    throw new InputError(`range: ${params.range} is longer than the limit ${formatDuration(limits.maxRangeMs)}`);
  }
  const stepMs =
    params.step === undefined
      ? Math.max(scrapeIntervalMs, Math.ceil(rangeMs / 120 / 1000) * 1000)
      : parseDuration('step', params.step);
  if (stepMs < 1000) {
    throw new InputError(`step: ${params.step} is shorter than 1s; Prometheus steps are whole seconds`);
  }
  const points = Math.floor(rangeMs / stepMs) + 1;
  if (points > limits.maxPointsPerSeries) {
    throw new InputError(
      `step: ${formatDuration(stepMs)} over ${formatDuration(rangeMs)} gives ${points} points per series; the limit is ${
        limits.maxPointsPerSeries
      } (use a step of at least ${formatDuration(Math.ceil(rangeMs / (limits.maxPointsPerSeries - 1) / 1000) * 1000)})`,
    );
  }
  const step = stepMs / 1000;
  // Aligned to the step, so viewers in the same step share Prometheus' work.
  const end = Math.floor(nowMs / 1000 / step) * step;
  const rateWindowMs = Math.max(4 * scrapeIntervalMs, stepMs + scrapeIntervalMs);
  return { start: end - rangeMs / 1000, end, step, rateWindow: formatDuration(rateWindowMs) };
}

function serviceBranches(namespace: string, service: string, reporter: Reporter): Matcher[][] {
  const target: Matcher[] = [
    { label: 'destination_service_namespace', op: '=', value: namespace },
    { label: 'destination_service_name', op: '=', value: service },
  ];
  return crossBranches(reporterBranches(reporter), [target]);
}

/** The two range queries of a service's charts. */
export function planServiceMetrics(namespace: string, service: string, reporter: Reporter, rateWindow: string) {
  const branches = serviceBranches(namespace, service, reporter);
  const classified = labelReplace(
    // eslint-disable-next-line no-template-curly-in-string
    labelReplace(rateUnion('istio_requests_total', branches, rateWindow), 'code_class', '${1}xx', 'response_code', '([0-9]).*'),
    'grpc_class',
    'error',
    'grpc_response_status',
    '([1-9]|1[0-6])',
  );
  const buckets = `sum by (destination_cluster, le) (${rateUnion(
    'istio_request_duration_milliseconds_bucket',
    branches,
    rateWindow,
  )})`;
  return {
    requests: `sum by (destination_cluster, code_class, grpc_class) (${classified})`,
    latency: ['0.5', '0.95', '0.99']
      .map(q => labelReplace(`histogram_quantile(${q}, ${buckets})`, 'quantile', q, '', ''))
      .join(' or '),
  };
}

function timeline(range: ChartRange): number[] {
  const out: number[] = [];
  for (let t = range.start; t <= range.end; t += range.step) {
    out.push(t);
  }
  return out;
}

/** The chart a `requests` series adds to besides the total (no response code counts as 5xx). */
function outcomeClass(labels: Record<string, string>): string {
  const codeClass = labels.code_class;
  if (codeClass === '5xx' || codeClass === '0xx' || !codeClass) {
    return 'http5xx';
  }
  if (codeClass === '4xx') {
    return 'http4xx';
  }
  return labels.grpc_class === 'error' ? 'grpc' : 'ok';
}

/** Builds per-cluster charts from the two queries' answers. Pure. */
export function assembleServiceMetrics(
  requests: RangeSeries[],
  latency: RangeSeries[],
  range: ChartRange,
): ClusterServiceMetrics[] {
  const times = timeline(range);
  const clusters = new Map<string, Record<string, Map<number, number>>>();
  const acc = (cluster: string, name: string) => {
    const c = clusters.get(cluster) ?? {};
    clusters.set(cluster, c);
    c[name] ??= new Map();
    return c[name];
  };
  for (const s of requests) {
    const cluster = s.metric.destination_cluster ?? 'unknown';
    const name = outcomeClass(s.metric);
    for (const [t, v] of s.points) {
      if (Number.isFinite(v)) {
        for (const target of ['total', name]) {
          const m = acc(cluster, target);
          m.set(t, (m.get(t) ?? 0) + v);
        }
      }
    }
  }
  for (const s of latency) {
    const cluster = s.metric.destination_cluster ?? 'unknown';
    const m = acc(cluster, `q${s.metric.quantile}`);
    for (const [t, v] of s.points) {
      if (Number.isFinite(v)) {
        m.set(t, v);
      }
    }
  }
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return [...clusters.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cluster, series]) => {
      const total = series.total ?? new Map();
      // Rates are zero where the service had requests but none of a class.
      const rateAt = (m: Map<number, number> | undefined, t: number): number | null => {
        if (m?.has(t)) {
          return round(m.get(t)!);
        }
        return total.has(t) ? 0 : null;
      };
      const rates = (m: Map<number, number> | undefined): Point[] => times.map(t => [t, rateAt(m, t)]);
      const quantile = (m: Map<number, number> | undefined): Point[] =>
        times.map(t => [t, m?.has(t) ? round(m.get(t)!) : null]);
      return {
        cluster,
        requestRate: rates(total),
        errorRate4xx: rates(series.http4xx),
        errorRate5xx: rates(series.http5xx),
        errorRateGrpc: rates(series.grpc),
        latencyMs: { p50: quantile(series['q0.5']), p95: quantile(series['q0.95']), p99: quantile(series['q0.99']) },
      };
    });
}
