import type {
  AuthService,
  LifecycleService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { MeshClusterSupplier } from '@meshfleet/plugin-mesh-node';
import { ClusterCredentials } from '../../clusters/authStrategies';
import { KubernetesPluginClusterSource } from '../../clusters/clusterSources';
import { describeError } from '../../clusters/describeError';
import { readDiscoveryConfig } from './discoveryConfig';
import { KubernetesMeshDiscovery } from './KubernetesMeshDiscovery';
import type { MeshDiscoveryService } from './MeshDiscoveryService';

/** What the mesh backend gives its discovery. */
export interface MeshDiscoveryDeps {
  rootConfig: Config;
  logger: LoggerService;
  lifecycle: LifecycleService;
  /** Read only when a `catalog` cluster locator method is configured. */
  catalog: { service: CatalogService; auth: AuthService };
  /** Suppliers added through the `mesh.cluster-supplier` extension point. */
  suppliers: MeshClusterSupplier[];
}

/**
 * The mesh backend's discovery: clusters from the Kubernetes plugin's
 * `kubernetes.clusterLocatorMethods` (`config`, and `catalog` through the
 * catalog service) plus the suppliers modules added; credentials through the
 * Kubernetes plugin's server-side auth strategies; settings from
 * `meshfleet.discovery`. It starts watching once the backend has started and
 * stops on shutdown.
 */
export function createMeshDiscovery(
  deps: MeshDiscoveryDeps,
): MeshDiscoveryService {
  const { rootConfig, logger, lifecycle, catalog, suppliers } = deps;
  const settings = readDiscoveryConfig(rootConfig);
  const discovery = new KubernetesMeshDiscovery({
    clusterSource: new KubernetesPluginClusterSource({
      rootConfig,
      logger,
      catalog,
      suppliers,
    }),
    credentials: ClusterCredentials.fromConfig({ config: rootConfig, logger }),
    logger,
    resyncIntervalMs: settings.resyncIntervalMs,
    namespaces: settings.namespaces,
  });
  lifecycle.addStartupHook(() => {
    // Not awaited: an unreachable cluster must not hold up the backend's start.
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
