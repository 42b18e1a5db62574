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
  MeshWriteOptions,
} from './MeshApi';
export { MeshConflictError } from './errors';
