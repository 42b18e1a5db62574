import type { Knex } from 'knex';
import { databaseNowMs } from './databaseClock';

/** The lease table (see migrations/20261220000000_discovery_state.js). */
export const LEASE_TABLE = 'meshfleet_discovery_lease';
/** The one lease discovery uses. */
export const DISCOVERY_LEASE = 'discovery';

/**
 * The discovery lease: the replica holding it watches the clusters and writes
 * the shared snapshot. It expires unless renewed, so when its holder dies
 * another replica takes it within the lease duration.
 */
export class DiscoveryLease {
  constructor(
    private readonly db: () => Promise<Knex>,
    /** This replica's id, unique per process. */
    readonly holder: string,
    private readonly durationMs: number,
  ) {}

  /**
   * Takes the lease if it is free or expired, or renews it if this replica
   * holds it. Returns whether this replica holds it now.
   */
  async hold(): Promise<boolean> {
    const db = await this.db();
    const now = databaseNowMs(db);
    await db(LEASE_TABLE)
      .insert({
        name: DISCOVERY_LEASE,
        holder: null,
        expires_at_ms: 0,
        generation: 0,
      })
      .onConflict('name')
      .ignore();
    const updated = await db(LEASE_TABLE)
      .where({ name: DISCOVERY_LEASE })
      .andWhere(q =>
        q
          .where({ holder: this.holder })
          .orWhereNull('holder')
          .orWhere('expires_at_ms', '<', now),
      )
      .update({
        holder: this.holder,
        expires_at_ms: db.raw('? + ?', [now, this.durationMs]),
      });
    return updated === 1;
  }

  /** Gives the lease up at once (on shutdown), so another replica need not wait for it to expire. */
  async release(): Promise<void> {
    const db = await this.db();
    await db(LEASE_TABLE)
      .where({ name: DISCOVERY_LEASE, holder: this.holder })
      .update({ holder: null, expires_at_ms: 0 });
  }

  /** Who holds the lease now, if anyone (an expired holder counts as none). */
  async currentHolder(): Promise<string | undefined> {
    const db = await this.db();
    const row = await db(LEASE_TABLE)
      .where({ name: DISCOVERY_LEASE })
      .andWhere('expires_at_ms', '>=', databaseNowMs(db))
      .first('holder');
    return row?.holder ?? undefined;
  }
}
