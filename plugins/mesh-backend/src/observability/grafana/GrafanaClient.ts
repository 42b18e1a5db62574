import { GrafanaSettings } from '../config';
import { ObservabilityUnavailableError, redactUrl } from '../errors';
import { authHeaders, requestJson, UpstreamTarget } from '../prometheus/httpJson';

/** A dashboard found by `GET /api/search`. */
export interface DashboardSearchHit {
  uid: string;
  title: string;
  /** Path of the dashboard under Grafana's root, e.g. `/d/<uid>/<slug>`. */
  url: string;
}

/**
 * The two Grafana API calls Meshfleet makes with the configured token:
 * `GET /api/search?query=<title>&type=dash-db` (Istio's Service and Workload
 * dashboards have no fixed uid, so they are found by title, as Kiali does)
 * and `GET /api/dashboards/uid/<uid>` (the dashboard JSON, to render panels).
 */
export class GrafanaClient {
  private readonly target: UpstreamTarget;

  constructor(settings: GrafanaSettings & { url: string }, label: string) {
    this.target = {
      backend: 'grafana',
      label,
      baseUrl: settings.url,
      timeoutMs: settings.timeoutMs,
      headers: authHeaders({ bearerToken: settings.token }),
      caData: settings.caData,
    };
  }

  /** The dashboard whose title is exactly `title`, or undefined. */
  async findDashboard(title: string): Promise<DashboardSearchHit | undefined> {
    const body = await this.get('/api/search', { query: title, type: 'dash-db' });
    if (!Array.isArray(body)) {
      throw this.badResponse('/api/search did not answer a list');
    }
    const hit = body.find((d: any) => d?.title === title && typeof d.uid === 'string');
    return hit ? { uid: hit.uid, title: hit.title, url: typeof hit.url === 'string' ? hit.url : `/d/${hit.uid}` } : undefined;
  }

  /** The dashboard model (`.dashboard` of Grafana's answer). */
  async dashboardJson(uid: string): Promise<Record<string, unknown>> {
    const body = (await this.get(`/api/dashboards/uid/${encodeURIComponent(uid)}`)) as any;
    if (!body || typeof body.dashboard !== 'object') {
      throw this.badResponse(`/api/dashboards/uid/${uid} did not answer a dashboard`);
    }
    return body.dashboard;
  }

  private async get(path: string, query?: Record<string, string>): Promise<unknown> {
    const { status, body } = await requestJson(this.target, path, { query });
    if (status >= 400) {
      const message = typeof (body as any)?.message === 'string' ? `: ${(body as any).message}`.slice(0, 300) : '';
      throw new ObservabilityUnavailableError(
        'grafana',
        'error',
        `${this.target.label} at ${redactUrl(this.target.baseUrl)} answered HTTP ${status} to ${path}${message}`,
      );
    }
    return body;
  }

  private badResponse(detail: string) {
    return new ObservabilityUnavailableError(
      'grafana',
      'bad-response',
      `${this.target.label} at ${redactUrl(this.target.baseUrl)}: ${detail}`,
    );
  }
}
