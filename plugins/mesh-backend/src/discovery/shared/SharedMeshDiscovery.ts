import type { LoggerService } from '@backstage/backend-plugin-api';
import { describeError } from '../../clusters/describeError';
import type { WatchedFleetListener } from '../live/KubernetesMeshDiscovery';
import type {
  FleetChange,
  FleetSnapshotListener,
  MeshDiscoveryService,
} from '../live/MeshDiscoveryService';
import type { ClusterSnapshot, FleetSnapshot } from '../types';
import type { DiscoveryLease } from './DiscoveryLease';
import { mergeClusterSnapshot } from './mergeClusterSnapshot';
import {
  LeaseLostError,
  SharedSnapshotStore,
  StoredCluster,
  toStoredCluster,
} from './SharedSnapshotStore';

/** What the lease holder runs: list + watch of every cluster ({@link KubernetesMeshDiscovery}). */
export interface FleetWatcher {
  start(): Promise<void>;
  stop(): Promise<void>;
  getSnapshot(): FleetSnapshot;
  subscribe(listener: WatchedFleetListener): () => void;
  refresh(cluster?: string): Promise<void>;
  /** Whether the cluster list is known (cluster sources read once). */
  sourcesRead(): boolean;
}

/** Options of {@link SharedMeshDiscovery}. */
export interface SharedMeshDiscoveryOptions {
  lease: DiscoveryLease;
  store: SharedSnapshotStore;
  /** A new watcher each time this replica takes the lease. */
  createWatcher: () => FleetWatcher;
  logger: LoggerService;
  /** How long the lease lasts unless renewed; the holder renews it every third of it. */
  leaseDurationMs: number;
  /**
   * How often a replica without the lease tries to take it and checks the
   * shared snapshot's generation; at most a third of the lease duration.
   */
  pollIntervalMs: number;
}

/** Whether this replica watches the clusters (`leader`) or reads the shared snapshot (`follower`). */
export type DiscoveryRole = 'leader' | 'follower';

/** How a write of the shared snapshot ended. */
type WriteOutcome = 'written' | 'failed' | 'lease-lost';

function byName(a: ClusterSnapshot, b: ClusterSnapshot): number {
  return a.status.name.localeCompare(b.status.name);
}

/**
 * Discovery shared by every replica of the backend on one database.
 *
 * One replica holds the discovery lease (a row in the database, renewed every
 * third of its duration) and runs the watches; after each change it writes
 * the clusters that changed, and only those, to the database, raising a
 * generation. The other replicas check that generation every poll interval
 * and before answering a request, and load the clusters written since. So
 * the clusters are read once whatever the number of replicas, and every
 * replica answers with the lease holder's last written state.
 *
 * When the holder dies, its lease expires and another replica takes it: that
 * replica goes on serving the shared snapshot it had loaded, cluster by
 * cluster, until its own first read of each cluster is done, so the model is
 * never empty during a takeover. Changes are announced to listeners as
 * `watches` on the holder only; other replicas announce what they load as
 * `shared`.
 */
export class SharedMeshDiscovery implements MeshDiscoveryService {
  private currentRole: DiscoveryRole = 'follower';
  private readonly clusters = new Map<string, StoredCluster>();
  /** Generation of the shared snapshot this replica has loaded; -1 loads everything. */
  private generation = -1;
  private snapshot?: FleetSnapshot;
  private watcher?: FleetWatcher;
  private unsubscribeWatcher?: () => void;
  /** The shared state at takeover, for clusters the new holder has not read yet. */
  private sharedAtTakeover = new Map<string, ClusterSnapshot>();
  private readonly unwritten = new Set<string>();
  private readonly listeners = new Set<FleetSnapshotListener>();
  private timer?: NodeJS.Timeout;
  /** When the last successful renewal was asked for (this replica's clock). */
  private lastHeldAt = 0;
  private lastAskedAt = 0;
  private writes: Promise<unknown> = Promise.resolve();
  private transitions: Promise<void> = Promise.resolve();
  private loading?: Promise<void>;
  private nextLoading?: Promise<void>;
  private initialLoad?: Promise<void>;
  private failing?: string;
  private started = false;
  private stopped = false;

  constructor(private readonly options: SharedMeshDiscoveryOptions) {}

  /** Whether this replica holds the lease and watches the clusters. */
  role(): DiscoveryRole {
    return this.currentRole;
  }

  /**
   * Loads the shared snapshot, then takes the lease if it is free. Every poll
   * interval after that, a replica without the lease tries to take it and
   * otherwise loads what changed; the holder renews it every third of its
   * duration.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.ensureLoaded();
    this.timer = setInterval(() => this.tick(), this.options.pollIntervalMs);
    this.timer.unref?.();
    await this.tick();
  }

  /**
   * Stops watching and polling. The lease is released so another replica
   * takes over at once, unless `releaseLease` is false (as when the process
   * dies: the lease then expires).
   */
  async stop(options: { releaseLease?: boolean } = {}): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.transitions;
    const wasLeader = this.currentRole === 'leader';
    await this.stopWatching();
    if (options.releaseLease === false) return;
    await this.writes;
    if (wasLeader) {
      await this.options.lease
        .release()
        .catch(error => this.failed('releasing the discovery lease', error));
    }
  }

  async getSnapshot(): Promise<FleetSnapshot> {
    await this.ensureLoaded();
    if (this.currentRole === 'follower' && !this.stopped) {
      try {
        await this.loadLatest();
      } catch (error) {
        // The last loaded state is still the best answer.
        this.failed('reading the shared snapshot', error);
      }
    }
    return this.currentSnapshot();
  }

  subscribe(listener: FleetSnapshotListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async refresh(cluster?: string): Promise<void> {
    if (this.currentRole === 'leader' && this.watcher) {
      await this.watcher.refresh(cluster);
      return;
    }
    await this.loadLatest();
  }

  private currentSnapshot(): FleetSnapshot {
    this.snapshot ??= {
      takenAt: new Date().toISOString(),
      clusters: [...this.clusters.values()].map(c => c.snapshot).sort(byName),
    };
    return this.snapshot;
  }

  private ensureLoaded(): Promise<void> {
    this.initialLoad ??= this.loadLatest().catch(error =>
      this.failed('reading the shared snapshot', error),
    );
    return this.initialLoad;
  }

  /**
   * Loads what was written since the generation this replica has. A call
   * never joins a load that started before it (that one may miss a write the
   * caller must see): it waits for it and shares the next one.
   */
  private loadLatest(): Promise<void> {
    if (!this.loading) return this.startLoading();
    this.nextLoading ??= this.loading
      .catch(() => undefined)
      .then(() => {
        this.nextLoading = undefined;
        return this.startLoading();
      });
    return this.nextLoading;
  }

  private startLoading(): Promise<void> {
    const loading = this.loadChanges().finally(() => {
      if (this.loading === loading) this.loading = undefined;
    });
    this.loading = loading;
    return loading;
  }

  private async loadChanges(): Promise<void> {
    const changes = await this.options.store.changesSince(this.generation);
    this.recovered();
    // The holder's own state is newer than anything in the database.
    if (!changes || this.currentRole === 'leader') return;
    const names: string[] = [];
    for (const cluster of changes.changed) {
      if (this.clusters.get(cluster.name)?.digest !== cluster.digest) {
        this.clusters.set(cluster.name, cluster);
        names.push(cluster.name);
      }
    }
    const present = new Set(changes.present);
    for (const name of [...this.clusters.keys()]) {
      if (!present.has(name)) {
        this.clusters.delete(name);
        names.push(name);
      }
    }
    this.generation = changes.generation;
    if (names.length > 0) {
      this.snapshot = undefined;
      this.notify({ origin: 'shared', clusters: names.sort() });
    }
  }

  /** Renews, takes or follows, one step at a time. */
  private tick(): Promise<void> {
    this.transitions = this.transitions
      .then(() => this.step())
      .catch(error => this.failed('taking or renewing the lease', error));
    return this.transitions;
  }

  private async step(): Promise<void> {
    if (this.stopped) return;
    const renewEvery = this.options.leaseDurationMs / 3;
    if (
      this.currentRole === 'leader' &&
      Date.now() - this.lastAskedAt < renewEvery
    ) {
      return;
    }
    const held = await this.holdLease();
    if (this.stopped || held === undefined) return;
    if (held) {
      if (this.currentRole === 'follower') await this.takeOver();
      else if (this.unwritten.size > 0) this.flush();
    } else if (this.currentRole === 'leader') {
      await this.stepDown('another replica holds the lease');
    } else {
      await this.loadLatest().catch(error =>
        this.failed('reading the shared snapshot', error),
      );
    }
  }

  /** Takes or renews the lease; undefined when the database did not answer. */
  private async holdLease(): Promise<boolean | undefined> {
    const askedAt = Date.now();
    this.lastAskedAt = askedAt;
    try {
      const held = await this.options.lease.hold();
      this.recovered();
      if (held) this.lastHeldAt = askedAt;
      return held;
    } catch (error) {
      this.failed('renewing the discovery lease', error);
      // Past its duration the lease may be another replica's: stop watching.
      if (
        this.currentRole === 'leader' &&
        Date.now() - this.lastHeldAt > this.options.leaseDurationMs
      ) {
        await this.stepDown('the lease could not be renewed in time');
      }
      return undefined;
    }
  }

  private async takeOver(): Promise<void> {
    try {
      await this.loadLatest();
    } catch (error) {
      this.failed('reading the shared snapshot', error);
    }
    this.sharedAtTakeover = new Map(
      [...this.clusters].map(([name, c]) => [name, c.snapshot]),
    );
    this.currentRole = 'leader';
    const watcher = this.options.createWatcher();
    this.watcher = watcher;
    this.unsubscribeWatcher = watcher.subscribe((snapshot, touched) =>
      this.onWatched(snapshot, touched),
    );
    this.options.logger.info(
      `This replica (${this.options.lease.holder}) holds the discovery lease and reads the clusters; ` +
        `until each is read it serves the shared snapshot (${this.clusters.size} clusters)`,
    );
    watcher
      .start()
      .catch(error =>
        this.options.logger.error(
          `Meshfleet discovery failed to start: ${describeError(error)}`,
        ),
      );
  }

  private async stepDown(reason: string): Promise<void> {
    this.options.logger.warn(
      `This replica (${this.options.lease.holder}) stops reading the clusters: ${reason}; it serves the shared snapshot`,
    );
    await this.stopWatching();
    this.unwritten.clear();
    // Everything again: what this replica had not written yet is not the holder's.
    this.generation = -1;
  }

  private async stopWatching(): Promise<void> {
    this.currentRole = 'follower';
    const watcher = this.watcher;
    this.watcher = undefined;
    this.unsubscribeWatcher?.();
    this.unsubscribeWatcher = undefined;
    this.sharedAtTakeover.clear();
    await watcher?.stop();
  }

  /** Merges what the watcher read into the served state; writes and announces what changed. */
  private onWatched(watched: FleetSnapshot, touched: string[]): void {
    const watcher = this.watcher;
    if (this.currentRole !== 'leader' || !watcher) return;
    const own = new Map(watched.clusters.map(c => [c.status.name, c]));
    const changed: StoredCluster[] = [];
    for (const name of touched) {
      const mine = own.get(name);
      if (!mine) continue;
      const next = toStoredCluster(
        mergeClusterSnapshot(mine, this.sharedAtTakeover.get(name)),
      );
      if (mine.istio) this.sharedAtTakeover.delete(name);
      const current = this.clusters.get(name);
      if (current?.digest !== next.digest) {
        changed.push(next);
      } else if (current.snapshot.status.lastSyncAt !== next.snapshot.status.lastSyncAt) {
        // Only read again: this replica serves the new read time; nothing is written or announced.
        this.clusters.set(name, next);
        this.snapshot = undefined;
      }
    }
    // Until the cluster sources were read, the shared clusters are all there is.
    const removed = watcher.sourcesRead()
      ? [...this.clusters.keys()].filter(name => !own.has(name))
      : [];
    if (changed.length === 0 && removed.length === 0) return;
    for (const cluster of changed) this.clusters.set(cluster.name, cluster);
    for (const name of removed) {
      this.clusters.delete(name);
      this.sharedAtTakeover.delete(name);
    }
    this.snapshot = undefined;
    const names = [...changed.map(c => c.name), ...removed].sort();
    names.forEach(name => this.unwritten.add(name));
    // Announced once written, so a replica asked after the event sees the change.
    this.flush().then(outcome => {
      if (outcome !== 'lease-lost') {
        this.notify({ origin: 'watches', clusters: names });
      }
    });
  }

  /** Writes the clusters changed since the last write, one write at a time. */
  private flush(): Promise<WriteOutcome> {
    const write = this.writes.then(() => this.writeUnwritten());
    this.writes = write;
    return write;
  }

  private async writeUnwritten(): Promise<WriteOutcome> {
    if (this.currentRole !== 'leader') return 'lease-lost';
    if (this.unwritten.size === 0) return 'written';
    const names = [...this.unwritten];
    this.unwritten.clear();
    const changed = names.flatMap(name => {
      const cluster = this.clusters.get(name);
      return cluster ? [cluster] : [];
    });
    const removed = names.filter(name => !this.clusters.has(name));
    try {
      this.generation = await this.options.store.write(
        this.options.lease.holder,
        changed,
        removed,
      );
      this.recovered();
      return 'written';
    } catch (error) {
      if (error instanceof LeaseLostError) {
        this.lastAskedAt = 0; // ask now whether the lease is still this replica's
        this.tick();
        return 'lease-lost';
      }
      names.forEach(name => this.unwritten.add(name));
      this.failed('writing the shared snapshot', error);
      return 'failed';
    }
  }

  private notify(change: FleetChange): void {
    const snapshot = this.currentSnapshot();
    for (const listener of this.listeners) {
      try {
        listener(snapshot, change);
      } catch (error) {
        this.options.logger.warn(
          `A discovery listener failed: ${describeError(error)}`,
        );
      }
    }
  }

  /** Logs a database problem once, not on every poll, until it is over. */
  private failed(action: string, error: unknown): void {
    const message = `Meshfleet discovery: ${action} failed: ${describeError(
      error,
    )}`;
    if (this.failing === message) return;
    this.failing = message;
    this.options.logger.warn(message);
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = undefined;
    this.options.logger.info('Meshfleet discovery: the database answers again');
  }
}
