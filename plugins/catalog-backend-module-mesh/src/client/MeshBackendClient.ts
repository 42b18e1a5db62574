import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ClusterListResponse, MeshDetailResponse, MeshListResponse } from '@meshfleet/plugin-mesh-common';
import { MeshModel } from '../translate';

/** The mesh backend's plugin id: where its routes are and whom the service token is for. */
const MESH_PLUGIN_ID = 'mesh';

/**
 * The mesh backend could not be asked, or answered with an error. The message
 * names the request and the reason; it never carries the token.
 *
 * @public
 */
export class MeshBackendUnavailableError extends Error {
  readonly name = 'MeshBackendUnavailableError';
}

/**
 * Reads the mesh backend's model over its REST API with this plugin's service
 * token: `GET /clusters`, `GET /meshes`, then `GET /meshes/{id}` for each mesh.
 *
 * @public
 */
export class MeshBackendClient {
  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
      /** Replaceable in tests; the global fetch otherwise. */
      fetch?: typeof fetch;
    },
  ) {}

  /** The base URL of the mesh backend's API, e.g. `http://localhost:7007/api/mesh`. */
  async baseUrl(): Promise<string> {
    return this.options.discovery.getBaseUrl(MESH_PLUGIN_ID);
  }

  /** The whole model; throws {@link MeshBackendUnavailableError} if any read fails. */
  async fetchModel(): Promise<MeshModel> {
    const [clusters, meshList] = await Promise.all([
      this.get<ClusterListResponse>('/clusters'),
      this.get<MeshListResponse>('/meshes'),
    ]);
    const details = await Promise.all(
      meshList.map(m => this.get<MeshDetailResponse>(`/meshes/${encodeURIComponent(m.id)}`, { allowNotFound: true })),
    );
    // A 404 here means the mesh was deleted between the list and the detail read:
    // it is gone, so it is left out rather than failing the whole read.
    const meshes = details.filter((d): d is MeshDetailResponse => d !== undefined);
    return { clusters, meshes };
  }

  private async get<T>(path: string, opts: { allowNotFound: true }): Promise<T | undefined>;
  private async get<T>(path: string): Promise<T>;
  private async get<T>(path: string, opts?: { allowNotFound?: boolean }): Promise<T | undefined> {
    const { auth } = this.options;
    const doFetch = this.options.fetch ?? fetch;
    let url = path;
    let response: Response;
    try {
      url = `${await this.baseUrl()}${path}`;
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: MESH_PLUGIN_ID,
      });
      response = await doFetch(url, { headers: { Authorization: `Bearer ${token}` } });
    } catch (e) {
      throw new MeshBackendUnavailableError(`GET ${url} failed: ${describeError(e)}`);
    }
    if (response.status === 404 && opts?.allowNotFound) {
      return undefined;
    }
    if (!response.ok) {
      throw new MeshBackendUnavailableError(
        `GET ${url} answered ${response.status} ${response.statusText}: ${await errorMessage(response)}`,
      );
    }
    try {
      return (await response.json()) as T;
    } catch (e) {
      throw new MeshBackendUnavailableError(`GET ${url} answered a body that is not JSON: ${describeError(e)}`);
    }
  }
}

/** Backstage error bodies are `{ error: { message } }`; anything else is quoted briefly. */
async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const message = JSON.parse(text)?.error?.message;
    if (typeof message === 'string') {
      return message;
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return text.slice(0, 200) || '(empty body)';
}

/** Node's fetch hides the socket error in `cause`; that is the useful part. */
function describeError(e: unknown): string {
  const error = e as Error & { cause?: Error & { code?: string } };
  const cause = error.cause ? ` (${error.cause.code ?? error.cause.message})` : '';
  return `${error.message ?? String(e)}${cause}`;
}
