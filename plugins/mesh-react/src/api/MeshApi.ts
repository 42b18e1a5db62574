import { createApiRef } from '@backstage/frontend-plugin-api';
import { ClusterListResponse, MeshDetailResponse, MeshListResponse } from '@meshfleet/plugin-mesh-common';

/**
 * Options every {@link MeshApi} call accepts.
 *
 * @public
 */
export interface MeshApiRequestOptions {
  /** Aborts the request, e.g. when the component that asked for it unmounts. */
  signal?: AbortSignal;
}

/**
 * The mesh backend's API, as the frontend uses it. Failed calls reject with a
 * `ResponseError` from `@backstage/errors` that carries the HTTP status and the
 * backend's message (a 404 from {@link MeshApi.getMesh} means the mesh is unknown).
 *
 * @public
 */
export interface MeshApi {
  /** Lists every mesh, managed or discovered. */
  listMeshes(options?: MeshApiRequestOptions): Promise<MeshListResponse>;
  /** One mesh with its clusters, services, drift and warnings. */
  getMesh(meshId: string, options?: MeshApiRequestOptions): Promise<MeshDetailResponse>;
  /** Every cluster Meshfleet reads, with its reachability and Istio role. */
  listClusters(options?: MeshApiRequestOptions): Promise<ClusterListResponse>;
}

/**
 * Reference to the {@link MeshApi}.
 *
 * @public
 */
export const meshApiRef = createApiRef<MeshApi>().with({ id: 'plugin.mesh.api', pluginId: 'mesh' });
