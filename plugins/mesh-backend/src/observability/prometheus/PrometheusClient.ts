import { PrometheusSettings } from '../config';
import { ObservabilityUnavailableError, redactUrl } from '../errors';
import { authHeaders, requestJson, UpstreamTarget } from './httpJson';
import { InstantSample, PrometheusQuerier, RangeSeries } from './types';

interface PromResponse {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

function toNumber(text: unknown): number {
  // Prometheus writes NaN, +Inf and -Inf as strings.
  return typeof text === 'string' ? Number(text === '+Inf' ? Infinity : text) : Number.NaN;
}

/**
 * A small client of Prometheus' HTTP API (`/api/v1/query`,
 * `/api/v1/query_range`), per mesh. Queries are POSTed (a topology query can
 * be longer than a URL may be), Prometheus' own evaluation timeout is set to
 * ours, and `queryCount` counts the queries sent (the benchmark reports it).
 */
export class PrometheusClient implements PrometheusQuerier {
  private readonly target: UpstreamTarget;
  private readonly timeoutSeconds: string;
  /** Queries sent since creation. */
  queryCount = 0;

  constructor(settings: PrometheusSettings, label: string) {
    this.target = {
      backend: 'prometheus',
      label,
      baseUrl: settings.url,
      timeoutMs: settings.timeoutMs,
      headers: authHeaders(settings),
      caData: settings.caData,
    };
    this.timeoutSeconds = `${Math.max(1, Math.floor(settings.timeoutMs / 1000))}s`;
  }

  async instant(query: string, time?: number): Promise<InstantSample[]> {
    const form: Record<string, string> = { query, timeout: this.timeoutSeconds };
    if (time !== undefined) {
      form.time = String(time);
    }
    const result = await this.post('/api/v1/query', form, 'vector');
    return (result as Array<{ metric: Record<string, string>; value: [number, string] }>).map(s => ({
      metric: s.metric ?? {},
      value: toNumber(s.value?.[1]),
    }));
  }

  async range(query: string, start: number, end: number, step: number): Promise<RangeSeries[]> {
    const form = { query, start: String(start), end: String(end), step: String(step), timeout: this.timeoutSeconds };
    const result = await this.post('/api/v1/query_range', form, 'matrix');
    return (result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>).map(s => ({
      metric: s.metric ?? {},
      points: (s.values ?? []).map(([t, v]) => [t, toNumber(v)] as [number, number]),
    }));
  }

  private async post(path: string, form: Record<string, string>, expected: 'vector' | 'matrix'): Promise<unknown[]> {
    this.queryCount += 1;
    const { status, body } = await requestJson(this.target, path, { method: 'POST', form });
    const doc = body as PromResponse;
    const where = `${this.target.label} at ${redactUrl(this.target.baseUrl)}`;
    if (doc?.status === 'error' || status >= 400) {
      const detail = doc?.error ? `${doc.errorType ?? 'error'}: ${doc.error}`.slice(0, 500) : `HTTP ${status}`;
      throw new ObservabilityUnavailableError('prometheus', 'error', `${where} answered an error (${detail})`);
    }
    if (doc?.status !== 'success' || doc.data?.resultType !== expected || !Array.isArray(doc.data.result)) {
      throw new ObservabilityUnavailableError(
        'prometheus',
        'bad-response',
        `${where} answered something other than a ${expected} result`,
      );
    }
    return doc.data.result;
  }
}
