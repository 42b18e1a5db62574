import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type {
  AuthService,
  DatabaseService,
  LifecycleService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { MeshClusterSupplier } from '@meshfleet/plugin-mesh-node';
import { ClusterCredentials } from '../../clusters/authStrategies';
import { KubernetesPluginClusterSource } from '../../clusters/clusterSources';
import { describeError } from '../../clusters/describeError';
import { DiscoveryLease } from '../shared/DiscoveryLease';
import { SharedMeshDiscovery } from '../shared/SharedMeshDiscovery';
import { SharedSnapshotStore } from '../shared/SharedSnapshotStore';
import { readDiscoveryConfig } from './discoveryConfig';
import { KubernetesMeshDiscovery } from './KubernetesMeshDiscovery';
import type { MeshDiscoveryService } from './MeshDiscoveryService';

/** What the mesh backend gives its discovery. */
export interface MeshDiscoveryDeps {
  rootConfig: Config;
  logger: LoggerService;
  lifecycle: LifecycleService;
  /** Holds the discovery lease and the shared snapshot (tables migrated with the plugin's others). */
  database: DatabaseService;
  /** Read only when a `catalog` cluster locator method is configured. */
  catalog: { service: CatalogService; auth: AuthService };
  /** Suppliers added through the `mesh.cluster-supplier` extension point. */
  suppliers: MeshClusterSupplier[];
}

/** This process's id in the lease table: unique even for two processes on one host. */
function replicaId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * The mesh backend's discovery: clusters from the Kubernetes plugin's
 * `kubernetes.clusterLocatorMethods` (`config`, and `catalog` through the
 * catalog service) plus the suppliers modules added; credentials through the
 * Kubernetes plugin's server-side auth strategies; settings from
 * `meshfleet.discovery`. One replica (the holder of a lease in the database)
 * reads the clusters and shares their snapshot through the database; the
 * others serve that snapshot. It starts once the backend has started and
 * stops on shutdown, giving the lease up.
 */
export function createMeshDiscovery(
  deps: MeshDiscoveryDeps,
): MeshDiscoveryService {
  const { rootConfig, logger, lifecycle, catalog, suppliers, database } = deps;
  const settings = readDiscoveryConfig(rootConfig);
  const clusterSource = new KubernetesPluginClusterSource({
    rootConfig,
    logger,
    catalog,
    suppliers,
  });
  const credentials = ClusterCredentials.fromConfig({
    config: rootConfig,
    logger,
  });
  const db = () => database.getClient();
  const discovery = new SharedMeshDiscovery({
    lease: new DiscoveryLease(db, replicaId(), settings.leaseDurationMs),
    store: new SharedSnapshotStore(db),
    createWatcher: () =>
      new KubernetesMeshDiscovery({
        clusterSource,
        credentials,
        logger,
        resyncIntervalMs: settings.resyncIntervalMs,
        namespaces: settings.namespaces,
        concurrency: settings.concurrency,
        requestRate: settings.requestRate,
      }),
    logger,
    leaseDurationMs: settings.leaseDurationMs,
    pollIntervalMs: settings.pollIntervalMs,
  });
  lifecycle.addStartupHook(() => {
    // Not awaited: an unreachable cluster or database must not hold up the backend's start.
    discovery
      .start()
      .catch(error =>
        logger.error(
          `Meshfleet discovery failed to start: ${describeError(error)}`,
        ),
      );
  });
  lifecycle.addShutdownHook(() => discovery.stop());
  return discovery;
}
