/*
 * Health from request figures, as Kiali computes it (config.go
 * AddHealthDefault): each error class's share of all requests is compared
 * with its thresholds; the worst class wins; no traffic is `unknown`.
 * Pure functions.
 */

/** Health of a service, workload, edge or control-plane revision. */
export type HealthStatus = 'healthy' | 'degraded' | 'failing' | 'unknown';

/** Percentages: at or above `failing` is failing; above 0 and at or above `degraded` is degraded. */
export interface RatioThresholds {
  degraded: number;
  failing: number;
}

/** Thresholds per error class, in percent of all requests. */
export interface HealthThresholds {
  /** HTTP 5xx and requests that got no response at all. */
  http5xx: RatioThresholds;
  http4xx: RatioThresholds;
  /** gRPC statuses 1-16 (the HTTP status of a failed gRPC call is usually 200). */
  grpc: RatioThresholds;
}

/** Kiali's defaults: any 5xx or gRPC error is degraded, 10 % failing; 4xx 10 % degraded, 20 % failing. */
export const DEFAULT_THRESHOLDS: HealthThresholds = {
  http5xx: { degraded: 0, failing: 10 },
  http4xx: { degraded: 10, failing: 20 },
  grpc: { degraded: 0, failing: 10 },
};

/** Request rates (per second) by outcome class. */
export interface RequestCounts {
  total: number;
  http4xx: number;
  http5xx: number;
  grpcError: number;
  /** Requests that got no response code (`0`, `-`): counted with 5xx for health. */
  noResponse: number;
}

/** A health verdict with the figure that decided it. */
export interface Health {
  status: HealthStatus;
  /** One sentence: which class crossed which threshold, or why unknown. */
  reason: string;
}

const ORDER: HealthStatus[] = ['unknown', 'healthy', 'degraded', 'failing'];

/** The worse of two statuses (`unknown` loses to any verdict). */
export function worst(a: HealthStatus, b: HealthStatus): HealthStatus {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

function classify(percent: number, t: RatioThresholds): HealthStatus {
  if (percent >= t.failing && percent > 0) {
    return 'failing';
  }
  if (percent > 0 && percent >= t.degraded) {
    return 'degraded';
  }
  return 'healthy';
}

function percentText(p: number): string {
  return `${p < 1 ? p.toFixed(2) : p.toFixed(1)} %`;
}

/** Health of a set of requests. */
export function requestHealth(counts: RequestCounts, thresholds: HealthThresholds): Health {
  if (!(counts.total > 0)) {
    return { status: 'unknown', reason: 'no requests in the window' };
  }
  const classes: Array<{ name: string; percent: number; t: RatioThresholds }> = [
    { name: '5xx', percent: (100 * (counts.http5xx + counts.noResponse)) / counts.total, t: thresholds.http5xx },
    { name: 'gRPC error', percent: (100 * counts.grpcError) / counts.total, t: thresholds.grpc },
    { name: '4xx', percent: (100 * counts.http4xx) / counts.total, t: thresholds.http4xx },
  ];
  let verdict: Health = { status: 'healthy', reason: 'no error class crosses its threshold' };
  for (const c of classes) {
    const status = classify(c.percent, c.t);
    if (status !== 'healthy' && worst(status, verdict.status) === status && status !== verdict.status) {
      const limit = status === 'failing' ? c.t.failing : c.t.degraded;
      verdict = {
        status,
        reason: `${c.name} ${percentText(c.percent)} of requests (${status} at ${limit > 0 ? `>= ${limit} %` : '> 0 %'})`,
      };
    }
  }
  return verdict;
}

/** Adds request counts. */
export function addCounts(a: RequestCounts, b: RequestCounts): RequestCounts {
  return {
    total: a.total + b.total,
    http4xx: a.http4xx + b.http4xx,
    http5xx: a.http5xx + b.http5xx,
    grpcError: a.grpcError + b.grpcError,
    noResponse: a.noResponse + b.noResponse,
  };
}

/** No requests. */
export const NO_REQUESTS: RequestCounts = { total: 0, http4xx: 0, http5xx: 0, grpcError: 0, noResponse: 0 };
