export type { MeshCluster } from './types';
export { readConfigClusters } from './configClusters';
export { catalogEntityToCluster } from './catalogClusters';
export type {
  CatalogClusterResult,
  CatalogLocatorOptions,
} from './catalogClusters';
export { KubernetesPluginClusterSource } from './clusterSources';
export type { ClusterSource, ClusterSourcesOptions } from './clusterSources';
export {
  AnonymousAuthStrategy,
  ServiceAccountAuthStrategy,
  defaultAuthStrategies,
} from './authStrategies';
export { backoffDelay } from './backoff';
export type { BackoffOptions } from './backoff';
