import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { KubernetesPluginClusterSource } from '../access/clusterSources';
import { describeError } from '../access/describeError';
import type { MeshClusterSupplier } from '../clusters';
import { readDiscoveryConfig } from './discoveryConfig';
import { KubernetesMeshDiscovery } from './KubernetesMeshDiscovery';
import type { MeshDiscoveryService } from './MeshDiscoveryService';

/**
 * The mesh discovery service of the `mesh` plugin. Plugin-scoped: the mesh
 * backend is its consumer and republishes changes (events service) to others.
 *
 * The default factory reads clusters from the Kubernetes plugin's
 * `kubernetes.clusterLocatorMethods` (`config`, and `catalog` through the
 * catalog service) plus suppliers added with `addClusterSupplier`, and
 * `meshfleet.discovery` settings. It starts watching when the backend has
 * started and stops on shutdown.
 *
 * @public
 */
export const meshDiscoveryServiceRef = createServiceRef<MeshDiscoveryService>({
  id: 'mesh.discovery',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      factory({ rootConfig, logger, auth, lifecycle, catalog }) {
        const suppliers: MeshClusterSupplier[] = [];
        const settings = readDiscoveryConfig(rootConfig);
        const discovery = new KubernetesMeshDiscovery({
          clusterSource: new KubernetesPluginClusterSource({
            rootConfig,
            logger,
            catalog: { service: catalog, auth },
            suppliers,
          }),
          logger,
          resyncIntervalMs: settings.resyncIntervalMs,
          namespaces: settings.namespaces,
          onSupplierAdded: supplier => {
            if (suppliers.some(s => s.name === supplier.name)) {
              throw new Error(
                `A cluster supplier named ${supplier.name} is already registered`,
              );
            }
            suppliers.push(supplier);
          },
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
      },
    }),
});
