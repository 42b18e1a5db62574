import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { meshPermissions } from '@meshfleet/plugin-mesh-common';
import { meshClusterSupplierExtensionPoint, meshInstallerExtensionPoint } from '@meshfleet/plugin-mesh-node';
import { DatabaseMeshStore } from './database/DatabaseMeshStore';
import { MeshExtensions } from './extensions';
import { StoredMeshModelSource } from './model/StoredMeshModelSource';
import { createRouter } from './service/router';

/**
 * The Meshfleet backend plugin (`mesh`): the global management layer. It stores
 * the meshes Meshfleet manages and serves them at `/api/mesh`.
 *
 * @public
 */
export const meshPlugin = createBackendPlugin({
  pluginId: 'mesh',
  register(env) {
    const extensions = new MeshExtensions();
    env.registerExtensionPoint(meshInstallerExtensionPoint, {
      setInstaller: installer => extensions.setInstaller(installer),
    });
    env.registerExtensionPoint(meshClusterSupplierExtensionPoint, {
      addClusterSupplier: supplier => extensions.addClusterSupplier(supplier),
    });

    env.registerInit({
      deps: {
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ logger, database, httpRouter, httpAuth, permissions, permissionsRegistry }) {
        permissionsRegistry.addPermissions(meshPermissions);
        const meshStore = await DatabaseMeshStore.create({ database });
        const model = new StoredMeshModelSource(meshStore);
        httpRouter.use(await createRouter({ logger, httpAuth, permissions, model }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        const suppliers = extensions.getClusterSuppliers().map(s => s.name);
        logger.info(
          `Mesh backend ready; installer strategy: ${extensions.getInstaller()?.name ?? 'none'}; ` +
            `extra cluster suppliers: ${suppliers.length ? suppliers.join(', ') : 'none'}`,
        );
      },
    });
  },
});
