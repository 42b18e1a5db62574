import { createRouteRef, createSubRouteRef } from '@backstage/frontend-plugin-api';

/** The plugin's page, `/mesh`, with the tabs "Meshes" and "Clusters". */
export const rootRouteRef = createRouteRef();

/** The list of meshes, `/mesh/meshes`. */
export const meshesRouteRef = createSubRouteRef({ parent: rootRouteRef, path: '/meshes' });

/** One mesh, `/mesh/meshes/:meshId`. */
export const meshRouteRef = createSubRouteRef({ parent: rootRouteRef, path: '/meshes/:meshId' });

/** The traffic graph of one mesh, `/mesh/meshes/:meshId/topology`. */
export const meshTopologyRouteRef = createSubRouteRef({ parent: rootRouteRef, path: '/meshes/:meshId/topology' });

/** The clusters Meshfleet reads, `/mesh/clusters`. */
export const clustersRouteRef = createSubRouteRef({ parent: rootRouteRef, path: '/clusters' });
