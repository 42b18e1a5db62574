import { ResponseError } from '@backstage/errors';
import { ClusterListResponse, MeshDetailResponse, MeshListResponse } from '@meshfleet/plugin-mesh-common';
import { GetMeshBody, ListClustersBody, ListMeshesBody } from '../schema/responses';
import { MeshApi, MeshApiRequestOptions } from './MeshApi';

/**
 * The subset of Backstage's discovery API the client needs.
 *
 * @public
 */
export interface MeshClientDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/**
 * The subset of Backstage's fetch API the client needs. Backstage's fetch API
 * adds the user's token, so the backend can authenticate and authorize calls.
 *
 * @public
 */
export interface MeshClientFetch {
  fetch: typeof fetch;
}

/**
 * {@link MeshApi} over HTTP, on Backstage's discovery and fetch APIs.
 *
 * @public
 */
export class MeshClient implements MeshApi {
  private readonly discoveryApi: MeshClientDiscovery;
  private readonly fetchApi: MeshClientFetch;

  constructor(options: { discoveryApi: MeshClientDiscovery; fetchApi: MeshClientFetch }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listMeshes(options?: MeshApiRequestOptions): Promise<MeshListResponse> {
    return this.getJson<ListMeshesBody>('/meshes', options?.signal);
  }

  async getMesh(meshId: string, options?: MeshApiRequestOptions): Promise<MeshDetailResponse> {
    return this.getJson<GetMeshBody>(`/meshes/${encodeURIComponent(meshId)}`, options?.signal);
  }

  async listClusters(options?: MeshApiRequestOptions): Promise<ClusterListResponse> {
    return this.getJson<ListClustersBody>('/clusters', options?.signal);
  }

  private async getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mesh');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, { signal });
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      // @backstage/errors keeps the backend's message only in `cause`; put it in
      // the message too, so every place that shows `error.message` explains it.
      if (error.cause?.message) {
        error.message = `${error.message}: ${error.cause.message}`;
      }
      throw error;
    }
    return (await response.json()) as T;
  }
}
