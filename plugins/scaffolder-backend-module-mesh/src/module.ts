import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { MeshClient } from '@meshfleet/plugin-mesh-common';
import { createMeshActions } from './actions';

/**
 * Scaffolder module that registers Meshfleet's mesh lifecycle actions
 * (`mesh:create`, `mesh:cluster:join`, `mesh:cluster:leave`, `mesh:delete`)
 * and its policy action (`mesh:policy:apply`).
 *
 * @public
 */
export const scaffolderModuleMesh = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'mesh',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, auth, discovery, catalog }) {
        const client = new MeshClient({ discoveryApi: discovery });
        scaffolder.addActions(...createMeshActions({ client, auth, catalog }));
      },
    });
  },
});
