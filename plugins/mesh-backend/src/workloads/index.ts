export { registerWorkloadRoutes } from './routes';
export type { WorkloadRouteOptions } from './routes';
export { WorkloadService, MAX_NAMESPACES } from './WorkloadService';
export type { WorkloadQuery } from './WorkloadService';
