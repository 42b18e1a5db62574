import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint, catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { MeshModelFetcher } from './client/MeshModelFetcher';
import { MeshMembershipProcessor } from './processor/MeshMembershipProcessor';
import { MeshEntityProvider } from './provider/MeshEntityProvider';

/**
 * Catalog module that registers {@link MeshEntityProvider} (meshes and
 * clusters as entities) and {@link MeshMembershipProcessor} (Components to the
 * meshes their workloads run in). Both read the mesh backend through one
 * fetcher, so the processor uses the model the provider read last.
 *
 * @public
 */
export const catalogModuleMesh = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'mesh',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        events: eventsServiceRef,
        catalogApi: catalogServiceRef,
      },
      async init({ catalog, config, logger, scheduler, auth, discovery, events, catalogApi }) {
        const fetcher = new MeshModelFetcher({ auth, discovery });
        catalog.addEntityProvider(
          MeshEntityProvider.fromConfig(config, { logger, scheduler, fetcher, events, catalog: catalogApi, auth }),
        );
        catalog.addProcessor(new MeshMembershipProcessor(fetcher, logger));
      },
    });
  },
});
