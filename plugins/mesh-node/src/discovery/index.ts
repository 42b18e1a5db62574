export type {
  ClusterSnapshot,
  DiscoveredService,
  FleetSnapshot,
  KnownCluster,
  RawClusterObjects,
  RemoteSecretSummary,
} from './types';
export { readClusterIstio } from './readClusterIstio';
export type { ReadClusterIstioOptions } from './readClusterIstio';
export { aggregateServices, readServices } from './services';
export type { ClusterServices } from './services';
export { buildMeshModel } from './buildMeshModel';
export type { MeshModel } from './buildMeshModel';
export { summarizeRemoteSecret } from './remoteSecrets';
export {
  createNamespaceFilter,
  DEFAULT_EXCLUDED_NAMESPACES,
} from './namespaceFilter';
export type { NamespaceSelection } from './namespaceFilter';
