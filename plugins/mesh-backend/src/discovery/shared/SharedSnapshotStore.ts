import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { ClusterSnapshot } from '../types';
import { databaseNowMs } from './databaseClock';
import { DISCOVERY_LEASE, LEASE_TABLE } from './DiscoveryLease';

/** The table of shared cluster snapshots (see migrations/20261220000000_discovery_state.js). */
export const CLUSTERS_TABLE = 'meshfleet_discovery_clusters';

/** Rows per insert: well below SQLite's limit of bound parameters. */
const ROWS_PER_INSERT = 50;

/** A write refused because this replica no longer holds the discovery lease. */
export class LeaseLostError extends Error {
  constructor(holder: string) {
    super(`replica ${holder} no longer holds the discovery lease`);
    this.name = 'LeaseLostError';
  }
}

/** One cluster's snapshot as shared, with a digest of its JSON to tell changes apart. */
export interface StoredCluster {
  name: string;
  /**
   * SHA-256 of the snapshot's JSON without a reachable cluster's
   * `lastSyncAt` (see {@link changeDigestOf}): kept instead of the text, which
   * would double the memory.
   */
  digest: string;
  snapshot: ClusterSnapshot;
}

/** What changed in the shared snapshot since a generation. */
export interface SharedChanges {
  generation: number;
  /** Clusters written since the generation asked about. */
  changed: StoredCluster[];
  /** Every cluster present now (to tell which were removed). */
  present: string[];
}

/**
 * What tells a change: the snapshot without the time of its last read while
 * the cluster is reachable. Every relist of every cluster sets that time; were
 * it a change, each relist would be written, announced as
 * `meshfleet.model.changed` and make the catalog read the whole model again,
 * which at hundreds of clusters never catches up. While a cluster is not
 * reachable, `lastSyncAt` says how old its kept state is, and counts.
 */
export function changeDigestOf(snapshot: ClusterSnapshot): string {
  const { status } = snapshot;
  const compared =
    status.reachability === 'reachable' ? { ...snapshot, status: { ...status, lastSyncAt: undefined } } : snapshot;
  return createHash('sha256').update(JSON.stringify(compared)).digest('base64');
}

/** A snapshot ready to be compared and shared. */
export function toStoredCluster(snapshot: ClusterSnapshot): StoredCluster {
  return {
    name: snapshot.status.name,
    digest: changeDigestOf(snapshot),
    snapshot,
  };
}

/**
 * The snapshot the lease holder shares with the other replicas: one row per
 * cluster, rewritten only when that cluster changed, and a generation on the
 * lease row that every write raises, so that readers poll one small row.
 */
export class SharedSnapshotStore {
  constructor(private readonly db: () => Promise<Knex>) {}

  /** The generation of the shared snapshot (0 before the first write). */
  async generation(): Promise<number> {
    const db = await this.db();
    const row = await db(LEASE_TABLE)
      .where({ name: DISCOVERY_LEASE })
      .first('generation');
    return Number(row?.generation ?? 0);
  }

  /**
   * What changed since `since` (every cluster when `since` is below 0), or
   * undefined when the generation has not moved.
   */
  async changesSince(since: number): Promise<SharedChanges | undefined> {
    const generation = await this.generation();
    if (generation === since) return undefined;
    const db = await this.db();
    const [rows, names] = await Promise.all([
      db(CLUSTERS_TABLE)
        .where('generation', '>', since)
        .select('cluster', 'snapshot'),
      db(CLUSTERS_TABLE).pluck('cluster'),
    ]);
    const changed = rows.map(row => toStoredCluster(JSON.parse(row.snapshot) as ClusterSnapshot));
    return { generation, changed, present: names.map(String) };
  }

  /**
   * Writes changed clusters and removes others, in one transaction that
   * first checks `holder` still holds an unexpired lease and raises the
   * generation. Throws {@link LeaseLostError} (writing nothing) otherwise.
   * Returns the new generation.
   */
  async write(
    holder: string,
    changed: StoredCluster[],
    removed: string[],
  ): Promise<number> {
    const db = await this.db();
    return db.transaction(async tx => {
      const held = await tx(LEASE_TABLE)
        .where({ name: DISCOVERY_LEASE, holder })
        .andWhere('expires_at_ms', '>', databaseNowMs(tx))
        .increment('generation', 1);
      if (held !== 1) throw new LeaseLostError(holder);
      const generation = Number(
        (
          await tx(LEASE_TABLE)
            .where({ name: DISCOVERY_LEASE })
            .first('generation')
        ).generation,
      );
      for (let i = 0; i < changed.length; i += ROWS_PER_INSERT) {
        const rows = changed.slice(i, i + ROWS_PER_INSERT).map(c => ({
          cluster: c.name,
          generation,
          snapshot: JSON.stringify(c.snapshot),
        }));
        await tx(CLUSTERS_TABLE)
          .insert(rows)
          .onConflict('cluster')
          .merge(['generation', 'snapshot']);
      }
      if (removed.length > 0) {
        await tx(CLUSTERS_TABLE).whereIn('cluster', removed).delete();
      }
      return generation;
    });
  }
}
