import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterCredentials } from '../../clusters/authStrategies';
import type { BackoffOptions } from '../../clusters/backoff';
import type { ClusterSource } from '../../clusters/clusterSources';
import { describeError } from '../../clusters/describeError';
import {
  ClusterReadSlots,
  ClusterRequestPacer,
  RequestRate,
} from '../../clusters/requestLimits';
import type { MeshCluster } from '../../clusters/types';
import { createNamespaceFilter, NamespaceSelection } from '../namespaceFilter';
import { readClusterIstio } from '../readClusterIstio';
import { readServices } from '../services';
import type { ClusterSnapshot, FleetSnapshot, KnownCluster } from '../types';
import { ClusterReader } from './ClusterReader';
import { DEFAULT_RESYNC_INTERVAL_MS } from './discoveryConfig';
import { discoveryResources } from './resources';

/**
 * Options of {@link KubernetesMeshDiscovery}.
 */
export interface KubernetesMeshDiscoveryOptions {
  /** Where clusters come from; read at start, on `refresh()` and every resync interval. */
  clusterSource: ClusterSource;
  logger: LoggerService;
  /** Resolves each cluster's credential through the Kubernetes plugin's auth strategies. */
  credentials: ClusterCredentials;
  resyncIntervalMs?: number;
  namespaces?: NamespaceSelection;
  backoff?: BackoffOptions;
  /** How long changes are gathered before listeners hear of them (default 250 ms). */
  notifyDelayMs?: number;
  /**
   * The least time between two notifications (default 1 s): while hundreds of
   * clusters are read at start, listeners (and the catalog behind the events)
   * hear of them once a second rather than every quarter of one.
   */
  minNotifyIntervalMs?: number;
  /** Clusters read in full at once, across all clusters (default: no limit). */
  concurrency?: number;
  /** Request pacing per cluster (default: none). */
  requestRate?: RequestRate;
}

/**
 * Called with the fleet and the names of the clusters read again since the
 * last call (their state may or may not differ), after a short debounce.
 */
export type WatchedFleetListener = (
  snapshot: FleetSnapshot,
  touchedClusters: string[],
) => void;

/** Whether two cluster descriptions differ in what a connection uses. */
function connectionChanged(a: MeshCluster, b: MeshCluster): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

/**
 * Discovery against real clusters: one {@link ClusterReader} (list + watch,
 * backoff) per cluster, each cluster's snapshot rebuilt only after it
 * changed, and debounced notifications naming the clusters that changed.
 * It reads and watches every cluster it is given; which replica runs it is
 * decided by {@link SharedMeshDiscovery}.
 */
export class KubernetesMeshDiscovery {
  private readonly readers = new Map<string, ClusterReader>();
  private readonly listeners = new Set<WatchedFleetListener>();
  private readonly includeNamespace: (ns: string) => boolean;
  private readonly resyncIntervalMs: number;
  private readonly readSlots?: ClusterReadSlots;
  /** Each cluster's last built snapshot; rebuilt when the cluster is in `dirty`. */
  private readonly clusterSnapshots = new Map<string, ClusterSnapshot>();
  private readonly dirty = new Set<string>();
  /** Clusters touched since listeners last heard. */
  private readonly touched = new Set<string>();
  private knownClustersKey = '';
  private knownClusters: KnownCluster[] = [];
  private cachedSnapshot?: FleetSnapshot;
  private notifyTimer?: NodeJS.Timeout;
  private lastNotifiedAt = 0;
  private sourceTimer?: NodeJS.Timeout;
  private sourcesReadOnce = false;
  private started = false;
  private stopped = false;

  constructor(private readonly options: KubernetesMeshDiscoveryOptions) {
    this.includeNamespace = createNamespaceFilter(options.namespaces);
    this.resyncIntervalMs =
      options.resyncIntervalMs ?? DEFAULT_RESYNC_INTERVAL_MS;
    if (options.concurrency) {
      this.readSlots = new ClusterReadSlots(options.concurrency);
    }
  }

  /**
   * Reads the cluster sources and starts a reader per cluster; resolves after
   * the first attempt of each (successful or not).
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.sourceTimer = setInterval(() => {
      this.syncClusters().catch(error => this.sourcesFailed(error));
    }, this.resyncIntervalMs);
    this.sourceTimer.unref?.();
    try {
      await this.syncClusters();
    } catch (error) {
      // Read again on the next resync; the shared snapshot keeps serving meanwhile.
      this.sourcesFailed(error);
    }
    await Promise.all([...this.readers.values()].map(r => r.firstAttempt()));
  }

  /** Stops every watch and timer. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sourceTimer);
    clearTimeout(this.notifyTimer);
    await Promise.all([...this.readers.values()].map(r => r.stop()));
    this.readers.clear();
  }

  /** Whether the cluster sources have been read: until then the cluster list is not known. */
  sourcesRead(): boolean {
    return this.sourcesReadOnce;
  }

  /** The current state of every cluster it reads (cheap: rebuilt per changed cluster). */
  getSnapshot(): FleetSnapshot {
    this.cachedSnapshot ??= this.buildSnapshot();
    return this.cachedSnapshot;
  }

  /** Calls `listener` after changes; returns a function that unsubscribes. */
  subscribe(listener: WatchedFleetListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Lists again now: one cluster, or every cluster and the cluster sources.
   * Resolves when that read has finished (successfully or not).
   */
  async refresh(cluster?: string): Promise<void> {
    if (cluster) {
      const reader = this.readers.get(cluster);
      if (!reader) {
        throw new Error(
          `Cluster ${cluster} is not known to Meshfleet discovery`,
        );
      }
      await reader.refresh();
      return;
    }
    await this.syncClusters();
    await Promise.all([...this.readers.values()].map(r => r.refresh()));
  }

  private sourcesFailed(error: unknown): void {
    this.options.logger.warn(
      `Reading cluster sources failed: ${describeError(error)}`,
    );
  }

  /** Starts readers for new clusters, stops those of removed or changed ones. */
  private async syncClusters(): Promise<void> {
    const clusters = await this.options.clusterSource.listClusters();
    if (this.stopped) return;
    const wanted = new Map(clusters.map(c => [c.name, c]));
    for (const [name, reader] of this.readers) {
      const next = wanted.get(name);
      if (!next || connectionChanged(reader.cluster, next)) {
        this.readers.delete(name);
        this.changed(name);
        await reader.stop();
      }
    }
    for (const cluster of clusters) {
      if (!this.readers.has(cluster.name)) {
        const reader = this.createReader(cluster);
        this.readers.set(cluster.name, reader);
        this.changed(cluster.name);
        reader.start();
      }
    }
    this.sourcesReadOnce = true;
    this.changed();
  }

  private createReader(cluster: MeshCluster): ClusterReader {
    const { requestRate } = this.options;
    return new ClusterReader(cluster, {
      credentials: this.options.credentials,
      resources: discoveryResources(this.includeNamespace),
      logger: this.options.logger.child({ cluster: cluster.name }),
      resyncIntervalMs: this.resyncIntervalMs,
      backoff: this.options.backoff,
      pacer: requestRate ? new ClusterRequestPacer(requestRate) : undefined,
      readSlots: this.readSlots,
      onChange: () => this.changed(cluster.name),
    });
  }

  /**
   * Remote secrets are mapped to cluster names by URL, so every cluster's
   * Istio state depends on the set of clusters: when it changes, all are rebuilt.
   */
  private refreshKnownClusters(): void {
    const known = [...this.readers.values()].map(r => ({
      name: r.cluster.name,
      url: r.cluster.url,
    }));
    const key = JSON.stringify(known);
    if (key === this.knownClustersKey) return;
    this.knownClustersKey = key;
    this.knownClusters = known;
    for (const name of this.readers.keys()) {
      this.dirty.add(name);
      this.touched.add(name);
    }
  }

  private buildClusterSnapshot(reader: ClusterReader): ClusterSnapshot {
    const raw = reader.rawObjects();
    if (!raw) return { status: reader.status(), services: [] };
    return {
      status: reader.status(),
      istio: readClusterIstio(raw, {
        knownClusters: this.knownClusters,
        includeNamespace: this.includeNamespace,
      }),
      services: readServices(raw.services, this.includeNamespace),
    };
  }

  private buildSnapshot(): FleetSnapshot {
    this.refreshKnownClusters();
    for (const name of this.dirty) {
      const reader = this.readers.get(name);
      if (reader) {
        this.clusterSnapshots.set(name, this.buildClusterSnapshot(reader));
      } else {
        this.clusterSnapshots.delete(name);
      }
    }
    this.dirty.clear();
    const clusters = [...this.clusterSnapshots.values()].sort((a, b) =>
      a.status.name.localeCompare(b.status.name),
    );
    return { takenAt: new Date().toISOString(), clusters };
  }

  /** Marks a cluster (if named) for rebuilding and tells listeners soon, once per burst of changes. */
  private changed(cluster?: string): void {
    if (cluster) {
      this.dirty.add(cluster);
      this.touched.add(cluster);
    }
    this.cachedSnapshot = undefined;
    if (this.notifyTimer || this.stopped) return;
    const { notifyDelayMs = 250, minNotifyIntervalMs = 1000 } = this.options;
    const nextAllowed = this.lastNotifiedAt + minNotifyIntervalMs - Date.now();
    this.notifyTimer = setTimeout(
      () => this.notify(),
      Math.max(notifyDelayMs, nextAllowed),
    );
  }

  private notify(): void {
    this.notifyTimer = undefined;
    this.lastNotifiedAt = Date.now();
    const snapshot = this.getSnapshot();
    const touched = [...this.touched].sort();
    this.touched.clear();
    for (const listener of this.listeners) {
      try {
        listener(snapshot, touched);
      } catch (error) {
        this.options.logger.warn(
          `A discovery listener failed: ${describeError(error)}`,
        );
      }
    }
  }
}
