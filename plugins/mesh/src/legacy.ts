/**
 * Meshfleet's frontend plugin for apps on Backstage's legacy frontend system.
 *
 * @packageDocumentation
 */

import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MeshClient } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { clustersRouteRef, meshesRouteRef, meshRouteRef, rootRouteRef } from './routes';

// The plugin's route refs serve both systems; converted, legacy apps can mount and resolve them.
const legacyRootRouteRef = convertLegacyRouteRef(rootRouteRef);

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
  routes: {
    root: legacyRootRouteRef,
    meshes: convertLegacyRouteRef(meshesRouteRef),
    mesh: convertLegacyRouteRef(meshRouteRef),
    clusters: convertLegacyRouteRef(clustersRouteRef),
  },
});

/**
 * The plugin's pages under one route, e.g. `/mesh`: the meshes at the root and at
 * `meshes`, one mesh at `meshes/:meshId`, the clusters at `clusters`.
 *
 * @public
 */
export const MeshesPage = meshPlugin.provide(
  createRoutableExtension({
    name: 'MeshesPage',
    component: () => import('./components/MeshesRouter').then(m => m.LegacyMeshRouter),
    mountPoint: legacyRootRouteRef,
  }),
);

/**
 * Entity card for `Resource` entities of type `service-mesh` (show it with
 * `isMeshEntity` in an `EntitySwitch`).
 *
 * @public
 */
export const EntityMeshCard = meshPlugin.provide(
  createComponentExtension({
    name: 'EntityMeshCard',
    component: { lazy: () => import('./components/EntityCards').then(m => m.EntityMeshCard) },
  }),
);

/**
 * Entity card for `Resource` entities of type `kubernetes-cluster` (show it with
 * `isClusterEntity` in an `EntitySwitch`).
 *
 * @public
 */
export const EntityClusterMeshCard = meshPlugin.provide(
  createComponentExtension({
    name: 'EntityClusterMeshCard',
    component: { lazy: () => import('./components/EntityCards').then(m => m.EntityClusterMeshCard) },
  }),
);

export { isClusterEntity, isMeshEntity } from './components/EntityCards/filters';
