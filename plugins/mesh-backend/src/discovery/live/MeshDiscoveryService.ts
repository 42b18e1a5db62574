import type { FleetSnapshot } from '../types';

/**
 * Called with the new snapshot after discovery saw changes (debounced).
 */
export type FleetSnapshotListener = (snapshot: FleetSnapshot) => void;

/**
 * Meshfleet's view of the fleet's actual state, kept current by watches.
 * The mesh backend builds its model from it with `buildMeshModel` and
 * publishes changes to other plugins.
 */
export interface MeshDiscoveryService {
  /** The current state of every cluster (cheap: cached between changes). */
  getSnapshot(): FleetSnapshot;
  /**
   * Calls `listener` after changes, at most a few times a second. Returns a
   * function that unsubscribes.
   */
  subscribe(listener: FleetSnapshotListener): () => void;
  /**
   * Lists again now: one cluster, or every cluster and the cluster sources.
   * Resolves when that read has finished (successfully or not).
   */
  refresh(cluster?: string): Promise<void>;
}
