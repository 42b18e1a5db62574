export { MeshClient } from './MeshClient';
export type { MeshClientOptions } from './MeshClient';
export type {
  ChartQuery,
  ComponentServicesQuery,
  DashboardQuery,
  GrafanaDashboardsQuery,
  ObservabilityWindowQuery,
  TopologyQuery,
  MeshApi,
  MeshOperationLogQuery,
  MeshOperationQuery,
  MeshRequestOptions,
  MeshStartOperationOptions,
  MeshWorkloadsQuery,
  MeshWriteOptions,
} from './MeshApi';
export { MeshConflictError, MeshPolicyValidationError } from './errors';
