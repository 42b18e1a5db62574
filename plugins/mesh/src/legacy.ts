/**
 * Meshfleet's frontend plugin for apps on Backstage's legacy frontend system.
 *
 * @packageDocumentation
 */

import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MeshClient, meshApiRef } from '@meshfleet/plugin-mesh-react';

const legacyRootRouteRef = createRouteRef({ id: 'mesh' });

/**
 * The plugin for the legacy frontend system.
 *
 * @public
 */
export const meshPlugin = createPlugin({
  id: 'mesh',
  apis: [
    createApiFactory({
      api: meshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new MeshClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: legacyRootRouteRef },
});

/**
 * The Service Meshes page; mount it under a route such as `/mesh`.
 *
 * @public
 */
export const MeshesPage = meshPlugin.provide(
  createRoutableExtension({
    name: 'MeshesPage',
    component: () => import('./components/MeshesPage').then(m => m.MeshesPage),
    mountPoint: legacyRootRouteRef,
  }),
);
