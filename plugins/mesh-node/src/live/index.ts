export type {
  FleetSnapshotListener,
  MeshDiscoveryService,
} from './MeshDiscoveryService';
export { KubernetesMeshDiscovery } from './KubernetesMeshDiscovery';
export type { KubernetesMeshDiscoveryOptions } from './KubernetesMeshDiscovery';
export { meshDiscoveryServiceRef } from './meshDiscoveryServiceRef';
export {
  readDiscoveryConfig,
  DEFAULT_RESYNC_INTERVAL_MS,
} from './discoveryConfig';
export type { DiscoveryConfig } from './discoveryConfig';
