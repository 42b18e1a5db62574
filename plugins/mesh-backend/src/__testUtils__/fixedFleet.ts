import type { MeshDiscoveryService } from '../discovery/live/MeshDiscoveryService';
import type { ClusterSnapshot, FleetSnapshot } from '../discovery/types';
import type { MeshClusterDescriptor, MeshClusterSupplier } from '@meshfleet/plugin-mesh-node';

/** The clusters the write-API tests register meshes on. */
export const FLEET_CLUSTERS = ['east', 'mesh-cp', 'north', 'south', 'west'];

/**
 * A discovery that has listed the given clusters but read none of them: the
 * clusters are known (so meshes can be registered on them) and their state
 * unknown, which is all the registry's tests need.
 */
export function fixedDiscovery(clusters: string[] = FLEET_CLUSTERS): MeshDiscoveryService {
  const snapshot: FleetSnapshot = {
    takenAt: '2026-12-01T00:00:00.000Z',
    clusters: clusters.map(
      (name): ClusterSnapshot => ({
        status: { name, url: `https://${name}.invalid:6443`, source: 'config', reachability: 'unknown' },
        services: [],
      }),
    ),
  };
  return {
    getSnapshot: async () => snapshot,
    subscribe: () => () => {},
    refresh: async () => {},
  };
}

/**
 * A cluster supplier (the public `mesh.cluster-supplier` extension point) for
 * tests that start the real plugin: the clusters point at a closed local port,
 * so discovery lists them at once and finds them unreachable.
 */
export function closedPortClusterSupplier(clusters: string[] = FLEET_CLUSTERS): MeshClusterSupplier {
  return {
    name: 'test-fleet',
    async getClusters(): Promise<MeshClusterDescriptor[]> {
      return clusters.map(name => ({
        name,
        url: 'https://127.0.0.1:9',
        authProvider: 'anonymous',
        source: 'test-fleet',
      }));
    },
  };
}
