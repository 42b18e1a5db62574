import type { components } from './generated/openapi';

/*
 * The observability API's bodies, named. They are the OpenAPI document's
 * schemas (generated into ./generated), so the backend's answers, which its
 * tests check against the document, and these types cannot disagree.
 */

type Schemas = components['schemas'];

/**
 * Whose telemetry a figure comes from: the servers' sidecars (`destination`),
 * the clients' (`source`), or `both` (Kiali's rule: destination telemetry for
 * everything that reached a server sidecar, source telemetry for the rest).
 *
 * @public
 */
export type Reporter = 'source' | 'destination' | 'both';

/**
 * `healthy`, `degraded`, `failing` or `unknown` (no requests).
 *
 * @public
 */
export type HealthStatus = Schemas['HealthStatus'];

/**
 * A health verdict with the reason (which error class crossed which threshold).
 *
 * @public
 */
export type Health = Schemas['Health'];

/**
 * Requests, errors (4xx, 5xx, gRPC, no response apart), latency quantiles,
 * TCP bytes and the mTLS share of some traffic.
 *
 * @public
 */
export type TrafficFigures = Schemas['TrafficFigures'];

/**
 * The body of `GET /meshes/{meshId}/observability`: whether a Prometheus and
 * a Grafana (or a dashboards directory) are configured for the mesh.
 *
 * @public
 */
export type ObservabilityStatus = Schemas['ObservabilityStatus'];

/**
 * The body of `GET /meshes/{meshId}/topology`: nodes and edges merged across clusters.
 *
 * @public
 */
export type TopologyGraph = Schemas['TopologyGraph'];

/**
 * A node of a {@link TopologyGraph}: a mesh service (one node for all its
 * clusters, with per-cluster `parts`), a workload, an external host or `unknown`.
 *
 * @public
 */
export type TopologyNode = Schemas['TopologyNode'];

/**
 * An edge of a {@link TopologyGraph} with its figures and per-cluster-pair parts.
 *
 * @public
 */
export type TopologyEdge = Schemas['TopologyEdge'];

/**
 * One (source cluster, destination cluster) part of a {@link TopologyEdge}.
 *
 * @public
 */
export type TopologyEdgePart = Schemas['TopologyEdgePart'];

/**
 * The body of `GET /meshes/{meshId}/services/{namespace}/{service}/health`.
 *
 * @public
 */
export type ServiceHealth = Schemas['ServiceHealth'];

/**
 * The body of `GET /meshes/{meshId}/services/{namespace}/{service}/neighbours`.
 *
 * @public
 */
export type ServiceNeighbours = Schemas['ServiceNeighbours'];

/**
 * The body of `GET /meshes/{meshId}/services/{namespace}/{service}/metrics`:
 * series per cluster.
 *
 * @public
 */
export type ServiceMetrics = Schemas['ServiceMetrics'];

/**
 * `[unix seconds, value]` pairs; the value is null where there is none.
 *
 * @public
 */
export type MetricPoints = Schemas['Points'];

/**
 * The body of `GET /meshes/{meshId}/control-plane/health`: per istiod revision.
 *
 * @public
 */
export type ControlPlaneHealth = Schemas['ControlPlaneHealth'];

/**
 * The body of `GET /meshes/{meshId}/services/{namespace}/{service}/grafana`.
 *
 * @public
 */
export type GrafanaLinks = Schemas['GrafanaLinks'];

/**
 * The body of `GET /meshes/{meshId}/dashboards/{kind}`: an Istio dashboard's
 * panels with their series, rendered by the backend.
 *
 * @public
 */
export type RenderedDashboard = Schemas['RenderedDashboard'];

/**
 * The kinds of Istio dashboards the backend renders.
 *
 * @public
 */
export type DashboardKind = RenderedDashboard['kind'];

/**
 * The body of `GET /component-services`: the mesh services of a Component's workloads.
 *
 * @public
 */
export type ComponentServices = Schemas['ComponentServices'];

/**
 * One mesh service of a Component, with the clusters it runs in.
 *
 * @public
 */
export type ComponentService = ComponentServices['services'][number];

/**
 * Why the mesh's Prometheus or Grafana could not answer (a 503's `error.reason`).
 *
 * @public
 */
export type ObservabilityFailureReason = 'unreachable' | 'timeout' | 'error' | 'bad-response' | 'not-configured';

/**
 * What a 503 from an observability route says: the reason, which backend, and the message.
 *
 * @public
 */
export interface ObservabilityFailure {
  reason: ObservabilityFailureReason;
  backend?: 'prometheus' | 'grafana';
  message: string;
}

/**
 * The reason an observability request failed because the mesh's Prometheus or
 * Grafana could not answer (the backend's 503 body), or undefined for any
 * other error. Pages use it to say why one panel is empty.
 *
 * @public
 */
export function observabilityFailure(error: unknown): ObservabilityFailure | undefined {
  const e = error as { statusCode?: number; body?: { error?: Record<string, unknown> } } | undefined;
  const body = e?.body?.error;
  if (e?.statusCode !== 503 || !body || typeof body.reason !== 'string') {
    return undefined;
  }
  return {
    reason: body.reason as ObservabilityFailureReason,
    backend: body.backend as ObservabilityFailure['backend'],
    message: String(body.message ?? ''),
  };
}
