/*
 * Grafana dashboard URLs with Istio's dashboard variables set, for embedding
 * (kiosk mode) and for links out. Pure.
 */

/** What a dashboard URL is built from. */
export interface DashboardUrlInput {
  /** Grafana's base URL as the browser reaches it. */
  grafanaUrl: string;
  /** The dashboard path Grafana's search answered (`/d/<uid>/<slug>`). */
  path: string;
  orgId: number;
  /** Variables without the `var-` prefix. */
  variables: Record<string, string>;
  /** Grafana time range: `now-1h` or epoch milliseconds. */
  from: string;
  to: string;
}

/** Both URLs of a dashboard: the iframe one (kiosk) and the one to open in Grafana. */
export interface DashboardUrls {
  embedUrl: string;
  url: string;
}

/** Istio's Service dashboard variables for a service (Kiali sets `var-service` the same way). */
export function serviceDashboardVariables(hostname: string, namespace: string, sourceNamespace?: string) {
  return {
    service: hostname,
    dstns: namespace,
    ...(sourceNamespace ? { srcns: sourceNamespace } : {}),
  };
}

/** Istio's Workload dashboard variables for a workload. */
export function workloadDashboardVariables(namespace: string, workload: string, sourceNamespace?: string) {
  return {
    namespace,
    workload,
    ...(sourceNamespace ? { srcns: sourceNamespace } : {}),
  };
}

/** `<grafana>/d/<uid>/<slug>?orgId=1&var-…&from=…&to=…` and the same with `&kiosk`. */
export function dashboardUrls(input: DashboardUrlInput): DashboardUrls {
  const base = new URL(input.grafanaUrl.endsWith('/') ? input.grafanaUrl : `${input.grafanaUrl}/`);
  // Search answers paths that already include Grafana's sub path, if any.
  const url = new URL(input.path, base.origin);
  if (!url.pathname.startsWith(base.pathname)) {
    url.pathname = `${base.pathname.replace(/\/$/, '')}${input.path}`;
  }
  url.searchParams.set('orgId', String(input.orgId));
  for (const [name, value] of Object.entries(input.variables).sort(([a], [b]) => a.localeCompare(b))) {
    url.searchParams.set(`var-${name}`, value);
  }
  url.searchParams.set('from', input.from);
  url.searchParams.set('to', input.to);
  const link = url.toString();
  // Grafana reads a bare `kiosk` flag (no value) as full kiosk mode.
  return { url: link, embedUrl: `${link}&kiosk` };
}
