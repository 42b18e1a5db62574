/**
 * Isomorphic part of Meshfleet: annotation keys, catalog entity types,
 * permissions and the types of the mesh backend's API.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './entities';
export * from './permissions';
export * from './types';
export * from './model';
export * from './api';
export { MESH_OPERATION_CHANGED_TOPIC, MESH_OPERATION_KINDS } from './operations';
export type {
  ClusterJoinOperationRequest,
  ClusterLeaveOperationRequest,
  MeshCreateOperationRequest,
  MeshDeleteOperationRequest,
  MeshOperation,
  MeshOperationChangedEvent,
  MeshOperationError,
  MeshOperationKind,
  MeshOperationListResponse,
  MeshOperationLogEntry,
  MeshOperationLogResponse,
  MeshOperationPlan,
  MeshOperationRequest,
  MeshOperationStatus,
  MeshOperationStep,
  MeshOperationStepStatus,
  PlannedChange,
  PlannedHelmRelease,
} from './operations';
export { observabilityFailure } from './observability';
export type {
  ComponentService,
  ComponentServices,
  ControlPlaneHealth,
  DashboardKind,
  GrafanaLinks,
  Health,
  HealthStatus,
  MetricPoints,
  ObservabilityFailure,
  ObservabilityFailureReason,
  ObservabilityStatus,
  RenderedDashboard,
  Reporter,
  ServiceHealth,
  ServiceMetrics,
  ServiceNeighbours,
  TopologyEdge,
  TopologyEdgePart,
  TopologyGraph,
  TopologyNode,
  TrafficFigures,
} from './observability';
export {
  componentWorkloads,
  KUBERNETES_COMPONENT_ANNOTATIONS,
  matchComponentService,
  matchesSelector,
  parseLabelSelector,
} from './workloads';
export type { ComponentWorkloads, LabelRequirement } from './workloads';
export { MeshClient, MeshConflictError } from './client';
export type {
  ChartQuery,
  ComponentServicesQuery,
  DashboardQuery,
  GrafanaDashboardsQuery,
  ObservabilityWindowQuery,
  TopologyQuery,
  MeshApi,
  MeshClientOptions,
  MeshOperationLogQuery,
  MeshOperationQuery,
  MeshRequestOptions,
  MeshStartOperationOptions,
  MeshWriteOptions,
} from './client';
