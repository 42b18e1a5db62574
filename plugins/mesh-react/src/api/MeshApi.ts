import { createApiRef } from '@backstage/frontend-plugin-api';
import type { MeshApi } from '@meshfleet/plugin-mesh-common';

/**
 * Reference to the mesh backend's API in the frontend. The mesh plugin
 * provides it as mesh-common's `MeshClient` on Backstage's discovery and fetch
 * APIs, so every request carries the signed-in user's token.
 *
 * @public
 */
export const meshApiRef = createApiRef<MeshApi>().with({ id: 'plugin.mesh.api', pluginId: 'mesh' });
