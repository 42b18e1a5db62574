import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { MeshEntityProvider } from './MeshEntityProvider';

/**
 * Catalog module that registers {@link MeshEntityProvider}.
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
        logger: coreServices.logger,
      },
      async init({ catalog, logger }) {
        // Discovery of meshes and clusters is not wired yet: the provider owns no entities.
        catalog.addEntityProvider(new MeshEntityProvider(async () => [], logger));
      },
    });
  },
});
