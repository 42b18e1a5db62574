import type { FleetSnapshot } from '../types';

/**
 * How a replica came to know of a change: `watches` when it holds the
 * discovery lease and read the change from a cluster itself, `shared` when it
 * loaded what the lease holder wrote to the database. Only `watches` changes
 * are announced on the events service, so that one change is announced once
 * however many replicas run.
 */
export type FleetChangeOrigin = 'watches' | 'shared';

/** What changed, with the snapshot it led to. */
export interface FleetChange {
  origin: FleetChangeOrigin;
  /** Clusters whose state differs from the previous snapshot (appeared and removed ones included), sorted. */
  clusters: string[];
}

/**
 * Called with the new snapshot after discovery saw changes (debounced).
 */
export type FleetSnapshotListener = (
  snapshot: FleetSnapshot,
  change: FleetChange,
) => void;

/**
 * Meshfleet's view of the fleet's actual state, kept current by watches.
 * The mesh backend builds its model from it with `buildMeshModel` and
 * publishes changes to other plugins.
 */
export interface MeshDiscoveryService {
  /**
   * The current state of every cluster: the same on every replica once the
   * lease holder's last write is visible (a replica that does not hold the
   * lease checks the database's generation first, a cheap read). Unchanged
   * state comes back as the same object.
   */
  getSnapshot(): Promise<FleetSnapshot>;
  /**
   * Calls `listener` after changes, at most a few times a second. Returns a
   * function that unsubscribes.
   */
  subscribe(listener: FleetSnapshotListener): () => void;
  /**
   * Lists again now: one cluster, or every cluster and the cluster sources
   * (on the replica holding the lease; elsewhere, loads the shared snapshot).
   * Resolves when that read has finished (successfully or not).
   */
  refresh(cluster?: string): Promise<void>;
}
