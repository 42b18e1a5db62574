import { ResponseError } from '@backstage/errors';
import { MeshListResponse } from '@meshfleet/plugin-mesh-common';
import { MeshApi } from './MeshApi';

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

  async listMeshes(options?: { signal?: AbortSignal }): Promise<MeshListResponse> {
    return this.getJson<MeshListResponse>('/meshes', options?.signal);
  }

  private async getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mesh');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, { signal });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
