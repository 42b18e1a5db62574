/**
 * Isomorphic part of Meshfleet: annotation keys, catalog entity types,
 * permissions and the types of the mesh backend's API.
 *
 * @packageDocumentation
 */

export { MESH_ANNOTATIONS, MESHFLEET_ANNOTATION_PREFIX } from './annotations';
export {
  CLUSTER_ENTITY_TYPE,
  KUBERNETES_CLUSTER_ANNOTATIONS,
  MESH_ENTITY_TYPE,
  MESHFLEET_ENTITY_LOCATION_TYPE,
} from './entities';
export {
  MESH_RESOURCE_TYPE,
  meshClusterJoinPermission,
  meshClusterReadPermission,
  meshClusterRemovePermission,
  meshControlPlaneInstallPermission,
  meshControlPlaneUpgradePermission,
  meshCreatePermission,
  meshDeletePermission,
  meshGatewayManagePermission,
  meshInjectionManagePermission,
  meshPermissions,
  meshReadPermission,
  meshSecurityPolicyWritePermission,
  meshTrafficPolicyWritePermission,
  meshUpdatePermission,
} from './permissions';
export { MESH_TYPES } from './types';
export type { MeshMember, MeshRecord, MeshType } from './types';
export type {
  ClusterIstio,
  ClusterReachability,
  ClusterStatus,
  ClusterView,
  DiscoveryWarning,
  DriftItem,
  GatewaySummary,
  MeshGateway,
  IstioClusterRole,
  IstiodRevision,
  MeshClusterView,
  MeshDetail,
  MeshHealth,
  MeshModel,
  MeshService,
  MeshView,
  NamespaceInjection,
  RemoteSecretRef,
  ServiceInstance,
  ServicePort,
} from './model';
export { MESH_MODEL_CHANGED_TOPIC } from './api';
export type {
  ClusterListResponse,
  MeshDetailResponse,
  MeshListResponse,
  MeshMemberRequest,
  MeshModelChangedEvent,
  MeshRegistrationRequest,
  MeshUpdateRequest,
  MeshWriteConflictResponse,
} from './api';
export {
  MESH_OPERATION_CHANGED_TOPIC,
  MESH_OPERATION_KINDS,
} from './operations';
export type {
  ClusterJoinOperationRequest,
  ClusterLeaveOperationRequest,
  MeshCreateOperationRequest,
  MeshDeleteOperationRequest,
  GatewayCreateOperationRequest,
  GatewayDeleteOperationRequest,
  GatewayPortRequest,
  InjectionSetOperationRequest,
  SidecarResourcesRequest,
  WorkloadRestartOperationRequest,
  MeshUpgradeOperationRequest,
  MeshRollbackOperationRequest,
  RevisionRestartRequest,
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
export type {
  MeshPolicy,
  MeshPolicyApplyRequest,
  MeshPolicyApplyResponse,
  MeshPolicyChange,
  MeshPolicyChangeListResponse,
  MeshPolicyChangesQuery,
  MeshPolicyCheckLayer,
  MeshPolicyConflictResponse,
  MeshPolicyDriftItem,
  MeshPolicyDriftListResponse,
  MeshPolicyImpact,
  MeshPolicyKind,
  MeshPolicyListResponse,
  MeshPolicyMessage,
  MeshPolicyObjectRef,
  MeshPolicyRef,
  MeshPolicyValidateRequest,
  MeshPolicyValidateResponse,
  MeshPolicyValidationErrorResponse,
} from './policies';
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
export { MeshClient, MeshConflictError, MeshPolicyValidationError } from './client';
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
  MeshWorkloadsQuery,
  MeshWriteOptions,
} from './client';
export type {
  ClusterWorkloads,
  MeshWorkloads,
  MismatchedPod,
  NamespaceSidecarInjection,
  WorkloadSidecars,
} from './meshWorkloads';
