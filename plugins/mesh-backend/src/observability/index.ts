/*
 * What the mesh backend's plugin and router take from the observability
 * module (the coordinator wires these; nothing else is public).
 */

export { readObservabilityConfig } from './config';
export type { ObservabilityConfig, PrometheusSettings, GrafanaSettings, ObservabilityLimits } from './config';
export { ObservabilityService } from './ObservabilityService';
export type {
  ObservabilityStatus,
  ServiceHealth,
  ServiceNeighbours,
  ServiceNeighbour,
  GrafanaLinks,
  GrafanaDashboardLink,
  RenderedDashboard,
} from './ObservabilityService';
export { registerObservabilityRoutes } from './routes';
export type { ObservabilityRouteOptions } from './routes';
export { registerObservabilityActions } from './actions';
export type { ObservabilityActionOptions } from './actions';
export { ObservabilityUnavailableError } from './errors';
export type { UpstreamFailureReason } from './errors';
export { ConfiguredPrometheusProvider } from './prometheus/PrometheusProvider';
export type { PrometheusProvider } from './prometheus/PrometheusProvider';
export type {
  TopologyGraph,
  TopologyNode,
  TopologyEdge,
  TopologyEdgePart,
  TopologyNodePart,
  TopologyScope,
  TrafficFigures,
  Reporter,
} from './topology/types';
export type { Health, HealthStatus, HealthThresholds } from './health';
export type { ServiceMetrics, ClusterServiceMetrics, Point } from './metrics/serviceMetrics';
export type { ControlPlaneHealth, RevisionHealth, RevisionFigures } from './controlPlane/controlPlaneHealth';
export type { RenderedPanel, RenderedSeries } from './dashboards/renderDashboard';
