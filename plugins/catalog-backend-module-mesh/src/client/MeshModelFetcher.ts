import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { MeshClient, MeshDetailResponse, MeshModel, MeshView } from '@meshfleet/plugin-mesh-common';
import { isDeepStrictEqual } from 'node:util';

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
 * A model read from the mesh backend, with where and when it was read.
 *
 * @public
 */
export interface FetchedMeshModel extends MeshModel {
  /** Base URL of the mesh backend it was read from. */
  baseUrl: string;
  fetchedAt: Date;
}

/**
 * What changed in the mesh backend's model, as its change event names it.
 *
 * @public
 */
export interface MeshModelChange {
  /** Clusters whose state changed. */
  clusters: string[];
  /** Managed meshes whose record changed. */
  meshes: string[];
}

/**
 * What {@link MeshModelFetcher} needs: this plugin's auth (for a service token
 * to the mesh backend) and discovery.
 *
 * @public
 */
export interface MeshModelFetcherOptions {
  auth: AuthService;
  discovery: DiscoveryService;
  /** Sends the requests; the global `fetch` when absent. */
  fetchApi?: { fetch: typeof fetch };
  /** The time stamped on each model read. */
  clock?: () => Date;
}

/**
 * The one reader of the mesh backend in this module, shared by the entity
 * provider (which fetches on its schedule and on events) and the processor
 * (which only needs the last model). It reads through mesh-common's
 * `MeshClient` with a service token: `GET /clusters`, `GET /meshes`, then
 * `GET /meshes/{id}` for each mesh. Concurrent callers share one read.
 *
 * @public
 */
export class MeshModelFetcher {
  private readonly client: MeshClient;
  private readonly clock: () => Date;
  private last: FetchedMeshModel | undefined;
  private inFlight: Promise<FetchedMeshModel> | undefined;

  constructor(private readonly options: MeshModelFetcherOptions) {
    this.client = new MeshClient({ discoveryApi: options.discovery, fetchApi: options.fetchApi });
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Reads the model now (joining a read in progress) and remembers it.
   * Rejects with {@link MeshBackendUnavailableError} if any read fails.
   */
  fetch(): Promise<FetchedMeshModel> {
    if (!this.inFlight) {
      this.inFlight = this.read().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  /** The last model read, if any read has succeeded yet. */
  latest(): FetchedMeshModel | undefined {
    return this.last;
  }

  /**
   * Reads what a change touched: the cluster and mesh lists, and the detail
   * (with its services) of only the meshes that the change names, that span a
   * changed cluster, that are new, or whose list entry differs from the last
   * read; the others keep their last detail. At hundreds of meshes a change
   * in one cluster so costs three requests, not one per mesh. Without a last
   * model it is a full read.
   */
  fetchChanged(change: MeshModelChange): Promise<FetchedMeshModel> {
    if (!this.inFlight) {
      const last = this.last;
      this.inFlight = (last ? this.readChanged(last, change) : this.read()).finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  /** The last model, or a fresh read when there has been none. */
  async latestOrFetch(): Promise<FetchedMeshModel> {
    return this.last ?? this.fetch();
  }

  private async read(): Promise<FetchedMeshModel> {
    const baseUrl = await this.options.discovery.getBaseUrl(MESH_PLUGIN_ID);
    const token = await this.serviceToken();
    const [clusters, meshList] = await Promise.all([
      asUnavailable('listClusters', () => this.client.listClusters({ token })),
      asUnavailable('listMeshes', () => this.client.listMeshes({ token })),
    ]);
    const details = await Promise.all(meshList.map(m => this.meshOrGone(m.id, token)));
    const meshes = details.filter((d): d is MeshDetailResponse => d !== undefined);
    this.last = { clusters, meshes, baseUrl, fetchedAt: this.clock() };
    return this.last;
  }

  private async readChanged(last: FetchedMeshModel, change: MeshModelChange): Promise<FetchedMeshModel> {
    const baseUrl = await this.options.discovery.getBaseUrl(MESH_PLUGIN_ID);
    const token = await this.serviceToken();
    const [clusters, meshList] = await Promise.all([
      asUnavailable('listClusters', () => this.client.listClusters({ token })),
      asUnavailable('listMeshes', () => this.client.listMeshes({ token })),
    ]);
    const previous = new Map(last.meshes.map(m => [m.id, m]));
    const details = await Promise.all(
      meshList.map(view => {
        const before = previous.get(view.id);
        return before && !touchedBy(change, view, before) ? { ...before, ...view } : this.meshOrGone(view.id, token);
      }),
    );
    const meshes = details.filter((d): d is MeshDetailResponse => d !== undefined);
    this.last = { clusters, meshes, baseUrl, fetchedAt: this.clock() };
    return this.last;
  }

  /**
   * One mesh's detail. A 404 means the mesh was deleted between the list and
   * this read: it is gone, so it is left out rather than failing the whole read.
   */
  private async meshOrGone(meshId: string, token: string): Promise<MeshDetailResponse | undefined> {
    try {
      return await this.client.getMesh(meshId, { token });
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) {
        return undefined;
      }
      throw unavailable(`getMesh '${meshId}'`, e);
    }
  }

  private async serviceToken(): Promise<string> {
    const { auth } = this.options;
    try {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: MESH_PLUGIN_ID,
      });
      return token;
    } catch (e) {
      throw unavailable('a service token for the mesh backend', e);
    }
  }
}

/** Whether a change may have altered a mesh's detail since it was read as `before`. */
function touchedBy(change: MeshModelChange, view: MeshView, before: MeshDetailResponse): boolean {
  if (change.meshes.includes(view.id)) return true;
  const spans = (mesh: MeshView) => [mesh.controlPlaneCluster, ...mesh.clusters.map(c => c.cluster)];
  if ([...spans(view), ...spans(before)].some(cluster => change.clusters.includes(cluster))) return true;
  // The list entry's fields, compared with the same fields of the last detail (health, drift, clusters...).
  const listed = view as unknown as Record<string, unknown>;
  const last = before as unknown as Record<string, unknown>;
  return Object.keys(listed).some(key => !isDeepStrictEqual(listed[key], last[key]));
}

async function asUnavailable<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw unavailable(operation, e);
  }
}

/**
 * Names what failed and why: the client's errors already name the request
 * (`GET <url> failed (ECONNREFUSED)`) or the answer (`Request failed with 503
 * Service Unavailable: <the backend's message>`); the URL of an answer is added.
 */
function unavailable(operation: string, e: unknown): MeshBackendUnavailableError {
  const error = e as Error & { response?: { url?: string } };
  const url = error?.response?.url ? ` from ${error.response.url}` : '';
  return new MeshBackendUnavailableError(`${operation}${url}: ${error?.message ?? String(e)}`);
}
