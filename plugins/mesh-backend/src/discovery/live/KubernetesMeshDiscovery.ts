import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterCredentials } from '../../clusters/authStrategies';
import type { BackoffOptions } from '../../clusters/backoff';
import type { ClusterSource } from '../../clusters/clusterSources';
import { describeError } from '../../clusters/describeError';
import type { MeshCluster } from '../../clusters/types';
import {
  createNamespaceFilter,
  NamespaceSelection,
} from '../namespaceFilter';
import { readClusterIstio } from '../readClusterIstio';
import { readServices } from '../services';
import type { ClusterSnapshot, FleetSnapshot } from '../types';
import { ClusterReader } from './ClusterReader';
import { DEFAULT_RESYNC_INTERVAL_MS } from './discoveryConfig';
import type {
  FleetSnapshotListener,
  MeshDiscoveryService,
} from './MeshDiscoveryService';
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
}

/** Whether two cluster descriptions differ in what a connection uses. */
function connectionChanged(a: MeshCluster, b: MeshCluster): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

/**
 * Discovery against real clusters: one {@link ClusterReader} (list + watch,
 * backoff) per cluster, a cached fleet snapshot rebuilt after changes, and
 * debounced notifications.
 */
export class KubernetesMeshDiscovery implements MeshDiscoveryService {
  private readonly readers = new Map<string, ClusterReader>();
  private readonly listeners = new Set<FleetSnapshotListener>();
  private readonly includeNamespace: (ns: string) => boolean;
  private readonly resyncIntervalMs: number;
  private cachedSnapshot?: FleetSnapshot;
  private notifyTimer?: NodeJS.Timeout;
  private sourceTimer?: NodeJS.Timeout;
  private started = false;
  private stopped = false;

  constructor(private readonly options: KubernetesMeshDiscoveryOptions) {
    this.includeNamespace = createNamespaceFilter(options.namespaces);
    this.resyncIntervalMs =
      options.resyncIntervalMs ?? DEFAULT_RESYNC_INTERVAL_MS;
  }

  /** Reads the cluster sources and starts a reader per cluster; resolves after the first attempt of each. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.syncClusters();
    await Promise.all([...this.readers.values()].map(r => r.refresh()));
    this.sourceTimer = setInterval(() => {
      this.syncClusters().catch(error =>
        this.options.logger.warn(
          `Reading cluster sources failed: ${describeError(error)}`,
        ),
      );
    }, this.resyncIntervalMs);
    this.sourceTimer.unref?.();
  }

  /** Stops every watch and timer. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sourceTimer);
    clearTimeout(this.notifyTimer);
    await Promise.all([...this.readers.values()].map(r => r.stop()));
    this.readers.clear();
  }

  getSnapshot(): FleetSnapshot {
    this.cachedSnapshot ??= this.buildSnapshot();
    return this.cachedSnapshot;
  }

  subscribe(listener: FleetSnapshotListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

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

  /** Starts readers for new clusters, stops those of removed or changed ones. */
  private async syncClusters(): Promise<void> {
    const clusters = await this.options.clusterSource.listClusters();
    if (this.stopped) return;
    const wanted = new Map(clusters.map(c => [c.name, c]));
    for (const [name, reader] of this.readers) {
      const next = wanted.get(name);
      if (!next || connectionChanged(reader.cluster, next)) {
        this.readers.delete(name);
        await reader.stop();
      }
    }
    for (const cluster of clusters) {
      if (!this.readers.has(cluster.name)) {
        const reader = this.createReader(cluster);
        this.readers.set(cluster.name, reader);
        reader.start();
      }
    }
    this.changed();
  }

  private createReader(cluster: MeshCluster): ClusterReader {
    return new ClusterReader(cluster, {
      credentials: this.options.credentials,
      resources: discoveryResources(this.includeNamespace),
      logger: this.options.logger.child({ cluster: cluster.name }),
      resyncIntervalMs: this.resyncIntervalMs,
      backoff: this.options.backoff,
      onChange: () => this.changed(),
    });
  }

  private buildSnapshot(): FleetSnapshot {
    const knownClusters = [...this.readers.values()].map(r => ({
      name: r.cluster.name,
      url: r.cluster.url,
    }));
    const clusters: ClusterSnapshot[] = [...this.readers.values()]
      .map(reader => {
        const raw = reader.rawObjects();
        if (!raw) return { status: reader.status(), services: [] };
        return {
          status: reader.status(),
          istio: readClusterIstio(raw, {
            knownClusters,
            includeNamespace: this.includeNamespace,
          }),
          services: readServices(raw.services, this.includeNamespace),
        };
      })
      .sort((a, b) => a.status.name.localeCompare(b.status.name));
    return { takenAt: new Date().toISOString(), clusters };
  }

  /** Invalidates the snapshot and tells listeners soon, once per burst of changes. */
  private changed(): void {
    this.cachedSnapshot = undefined;
    if (this.notifyTimer || this.stopped) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      const snapshot = this.getSnapshot();
      for (const listener of this.listeners) {
        try {
          listener(snapshot);
        } catch (error) {
          this.options.logger.warn(
            `A discovery listener failed: ${describeError(error)}`,
          );
        }
      }
    }, this.options.notifyDelayMs ?? 250);
  }
}
