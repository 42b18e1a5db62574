import { createApiRef } from '@backstage/frontend-plugin-api';
import { MeshListResponse } from '@meshfleet/plugin-mesh-common';

/**
 * The mesh backend's API, as the frontend uses it.
 *
 * @public
 */
export interface MeshApi {
  /** Lists the meshes Meshfleet manages. */
  listMeshes(options?: { signal?: AbortSignal }): Promise<MeshListResponse>;
}

/**
 * Reference to the {@link MeshApi}.
 *
 * @public
 */
export const meshApiRef = createApiRef<MeshApi>().with({ id: 'plugin.mesh.api', pluginId: 'mesh' });
