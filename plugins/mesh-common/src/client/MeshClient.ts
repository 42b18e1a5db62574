import createClient, { Client, Middleware } from 'openapi-fetch';
import type {
  ClusterListResponse,
  MeshDetailResponse,
  MeshListResponse,
  MeshMemberRequest,
  MeshRegistrationRequest,
  MeshUpdateRequest,
} from '../api';
import type { paths } from '../generated/openapi';
import type {
  MeshOperation,
  MeshOperationListResponse,
  MeshOperationLogResponse,
  MeshOperationPlan,
  MeshOperationRequest,
} from '../operations';
import type {
  ComponentServices,
  ControlPlaneHealth,
  DashboardKind,
  GrafanaLinks,
  ObservabilityStatus,
  RenderedDashboard,
  ServiceHealth,
  ServiceMetrics,
  ServiceNeighbours,
  TopologyGraph,
} from '../observability';
import type {
  MeshPolicy,
  MeshPolicyApplyRequest,
  MeshPolicyApplyResponse,
  MeshPolicyChange,
  MeshPolicyChangeListResponse,
  MeshPolicyChangesQuery,
  MeshPolicyDriftListResponse,
  MeshPolicyKind,
  MeshPolicyListResponse,
  MeshPolicyRef,
  MeshPolicyValidateRequest,
  MeshPolicyValidateResponse,
} from '../policies';
import type { MeshWorkloads } from '../meshWorkloads';
import type { MeshRecord } from '../types';
import { errorFromResponse, errorFromTransport } from './errors';
import type {
  ChartQuery,
  ComponentServicesQuery,
  DashboardQuery,
  GrafanaDashboardsQuery,
  MeshApi,
  ObservabilityWindowQuery,
  TopologyQuery,
  MeshOperationLogQuery,
  MeshOperationQuery,
  MeshRequestOptions,
  MeshStartOperationOptions,
  MeshWorkloadsQuery,
  MeshWriteOptions,
} from './MeshApi';

/** The mesh backend's plugin id: where its routes are and whom a service token is for. */
const MESH_PLUGIN_ID = 'mesh';

/**
 * What {@link MeshClient} needs to find and call the mesh backend: the same
 * shape as Backstage's discovery and fetch APIs, in the browser and in a backend.
 *
 * @public
 */
export interface MeshClientOptions {
  /** Resolves the base URL of plugin `mesh`, e.g. `http://localhost:7007/api/mesh`. */
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  /**
   * Sends the requests. In the browser pass Backstage's fetch API, which adds
   * the signed-in user's token; in a backend leave it out (the global `fetch`)
   * and pass a token per call.
   */
  fetchApi?: { fetch: typeof fetch };
}

/**
 * Turns failures into errors before openapi-fetch reads the body, so that
 * `ResponseError` gets the backend's error body, and names unanswered requests.
 */
const errorsMiddleware: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) {
      throw await errorFromResponse(response);
    }
    return undefined;
  },
  onError({ request, error }) {
    return errorFromTransport(request, error);
  },
};

/**
 * {@link MeshApi} over HTTP, typed from the mesh backend's OpenAPI document
 * (`openapi-typescript` types, `openapi-fetch` requests). Works in the browser
 * and in Node.
 *
 * @public
 */
export class MeshClient implements MeshApi {
  private readonly api: Client<paths>;
  private readonly discoveryApi: MeshClientOptions['discoveryApi'];

  constructor(options: MeshClientOptions) {
    this.discoveryApi = options.discoveryApi;
    // Looked up per request, so a fetch replaced after construction (a test's
    // spy, a polyfill) is the one used.
    const send = async (request: Request) => (options.fetchApi?.fetch ?? globalThis.fetch)(...(await reusable(request)));
    this.api = createClient<paths>({ fetch: send });
    this.api.use(errorsMiddleware);
  }

  async getHealth(options?: MeshRequestOptions): Promise<{ status: 'ok' }> {
    return ok(await this.api.request('get', '/health', await this.init(options)));
  }

  async listMeshes(options?: MeshRequestOptions): Promise<MeshListResponse> {
    return ok(await this.api.request('get', '/meshes', await this.init(options)));
  }

  async registerMesh(registration: MeshRegistrationRequest, options?: MeshRequestOptions): Promise<MeshRecord> {
    return ok(await this.api.request('post', '/meshes', { ...(await this.init(options)), body: registration }));
  }

  async getMesh(meshId: string, options?: MeshRequestOptions): Promise<MeshDetailResponse> {
    const params = { path: { meshId } };
    return ok(await this.api.request('get', '/meshes/{meshId}', { ...(await this.init(options)), params }));
  }

  async updateMesh(meshId: string, update: MeshUpdateRequest, options: MeshWriteOptions): Promise<MeshRecord> {
    const params = { path: { meshId }, header: ifMatchHeader(options) };
    return ok(await this.api.request('put', '/meshes/{meshId}', { ...(await this.init(options)), params, body: update }));
  }

  async deleteMesh(meshId: string, options: MeshWriteOptions): Promise<void> {
    const params = { path: { meshId }, header: ifMatchHeader(options) };
    ok(await this.api.request('delete', '/meshes/{meshId}', { ...(await this.init(options)), params }));
  }

  async addMeshMember(
    meshId: string,
    member: MeshMemberRequest,
    options?: Partial<MeshWriteOptions>,
  ): Promise<MeshRecord> {
    const params = { path: { meshId }, header: ifMatchHeader(options) };
    return ok(await this.api.request('post', '/meshes/{meshId}/members', { ...(await this.init(options)), params, body: member }));
  }

  async removeMeshMember(meshId: string, cluster: string, options?: Partial<MeshWriteOptions>): Promise<MeshRecord> {
    const params = { path: { meshId, cluster }, header: ifMatchHeader(options) };
    return ok(await this.api.request('delete', '/meshes/{meshId}/members/{cluster}', { ...(await this.init(options)), params }));
  }

  async listClusters(options?: MeshRequestOptions): Promise<ClusterListResponse> {
    return ok(await this.api.request('get', '/clusters', await this.init(options)));
  }

  startOperation(request: MeshOperationRequest, options?: MeshStartOperationOptions): Promise<MeshOperation>;
  startOperation(request: MeshOperationRequest, options: MeshRequestOptions & { dryRun: true }): Promise<MeshOperationPlan>;
  async startOperation(
    request: MeshOperationRequest,
    options?: MeshRequestOptions & { idempotencyKey?: string; dryRun?: boolean },
  ): Promise<MeshOperation | MeshOperationPlan> {
    const params = {
      query: options?.dryRun ? { dryRun: true } : {},
      header: options?.idempotencyKey && !options.dryRun ? { 'Idempotency-Key': options.idempotencyKey } : {},
    };
    return ok(await this.api.request('post', '/operations', { ...(await this.init(options)), params, body: request }));
  }

  async listOperations(query?: MeshOperationQuery, options?: MeshRequestOptions): Promise<MeshOperationListResponse> {
    const params = { query: query ?? {} };
    return ok(await this.api.request('get', '/operations', { ...(await this.init(options)), params }));
  }

  async getOperation(operationId: string, options?: MeshRequestOptions): Promise<MeshOperation> {
    const params = { path: { operationId } };
    return ok(await this.api.request('get', '/operations/{operationId}', { ...(await this.init(options)), params }));
  }

  async getOperationLog(
    operationId: string,
    query?: MeshOperationLogQuery,
    options?: MeshRequestOptions,
  ): Promise<MeshOperationLogResponse> {
    const params = { path: { operationId }, query: query ?? {} };
    return ok(await this.api.request('get', '/operations/{operationId}/log', { ...(await this.init(options)), params }));
  }

  async retryOperation(operationId: string, options?: MeshRequestOptions): Promise<MeshOperation> {
    const params = { path: { operationId } };
    return ok(await this.api.request('post', '/operations/{operationId}/retry', { ...(await this.init(options)), params }));
  }

  async findComponentServices(query: ComponentServicesQuery, options?: MeshRequestOptions): Promise<ComponentServices> {
    const params = { query: defined(query) };
    return ok(await this.api.request('get', '/component-services', { ...(await this.init(options)), params }));
  }

  async getObservabilityStatus(meshId: string, options?: MeshRequestOptions): Promise<ObservabilityStatus> {
    const params = { path: { meshId } };
    return ok(await this.api.request('get', '/meshes/{meshId}/observability', { ...(await this.init(options)), params }));
  }

  async getTopology(meshId: string, query?: TopologyQuery, options?: MeshRequestOptions): Promise<TopologyGraph> {
    const { namespaces, clusters, ...rest } = query ?? {};
    const params = { path: { meshId }, query: defined({ ...rest, namespaces: commaList(namespaces), clusters: commaList(clusters) }) };
    return ok(await this.api.request('get', '/meshes/{meshId}/topology', { ...(await this.init(options)), params }));
  }

  async getServiceHealth(
    meshId: string,
    namespace: string,
    service: string,
    query?: ObservabilityWindowQuery,
    options?: MeshRequestOptions,
  ): Promise<ServiceHealth> {
    const params = { path: { meshId, namespace, service }, query: defined(query ?? {}) };
    const path = '/meshes/{meshId}/services/{namespace}/{service}/health';
    return ok(await this.api.request('get', path, { ...(await this.init(options)), params }));
  }

  async getServiceNeighbours(
    meshId: string,
    namespace: string,
    service: string,
    query?: ObservabilityWindowQuery,
    options?: MeshRequestOptions,
  ): Promise<ServiceNeighbours> {
    const params = { path: { meshId, namespace, service }, query: defined(query ?? {}) };
    const path = '/meshes/{meshId}/services/{namespace}/{service}/neighbours';
    return ok(await this.api.request('get', path, { ...(await this.init(options)), params }));
  }

  async getServiceMetrics(
    meshId: string,
    namespace: string,
    service: string,
    query?: ChartQuery,
    options?: MeshRequestOptions,
  ): Promise<ServiceMetrics> {
    const params = { path: { meshId, namespace, service }, query: defined(query ?? {}) };
    const path = '/meshes/{meshId}/services/{namespace}/{service}/metrics';
    return ok(await this.api.request('get', path, { ...(await this.init(options)), params }));
  }

  async getGrafanaDashboards(
    meshId: string,
    namespace: string,
    service: string,
    query?: GrafanaDashboardsQuery,
    options?: MeshRequestOptions,
  ): Promise<GrafanaLinks> {
    const { workloads, ...rest } = query ?? {};
    const params = { path: { meshId, namespace, service }, query: defined({ ...rest, workloads: commaList(workloads) }) };
    const path = '/meshes/{meshId}/services/{namespace}/{service}/grafana';
    return ok(await this.api.request('get', path, { ...(await this.init(options)), params }));
  }

  async getControlPlaneHealth(
    meshId: string,
    query?: { window?: string },
    options?: MeshRequestOptions,
  ): Promise<ControlPlaneHealth> {
    const params = { path: { meshId }, query: defined(query ?? {}) };
    return ok(await this.api.request('get', '/meshes/{meshId}/control-plane/health', { ...(await this.init(options)), params }));
  }

  async renderDashboard(
    meshId: string,
    kind: DashboardKind,
    query?: DashboardQuery,
    options?: MeshRequestOptions,
  ): Promise<RenderedDashboard> {
    const { panels, ...rest } = query ?? {};
    const params = { path: { meshId, kind }, query: defined({ ...rest, panels: commaList(panels?.map(String)) }) };
    return ok(await this.api.request('get', '/meshes/{meshId}/dashboards/{kind}', { ...(await this.init(options)), params }));
  }

  async listMeshPolicies(meshId: string, options?: MeshRequestOptions): Promise<MeshPolicyListResponse> {
    const params = { path: { meshId } };
    return ok(await this.api.request('get', '/meshes/{meshId}/policies', { ...(await this.init(options)), params }));
  }

  async applyMeshPolicies(
    meshId: string,
    request: MeshPolicyApplyRequest,
    options?: MeshRequestOptions,
  ): Promise<MeshPolicyApplyResponse> {
    const params = { path: { meshId } };
    return ok(await this.api.request('post', '/meshes/{meshId}/policies/apply', { ...(await this.init(options)), params, body: request }));
  }

  async getMeshPolicy(
    meshId: string,
    kind: MeshPolicyKind,
    namespace: string,
    name: string,
    options?: MeshRequestOptions,
  ): Promise<MeshPolicy> {
    const params = { path: { meshId, kind, namespace, name } };
    return ok(await this.api.request('get', '/meshes/{meshId}/policies/{kind}/{namespace}/{name}', { ...(await this.init(options)), params }));
  }

  async deleteMeshPolicy(
    meshId: string,
    kind: MeshPolicyKind,
    namespace: string,
    name: string,
    options?: MeshRequestOptions & { resourceVersion?: string },
  ): Promise<void> {
    const params = { path: { meshId, kind, namespace, name }, query: defined({ resourceVersion: options?.resourceVersion }) };
    ok(await this.api.request('delete', '/meshes/{meshId}/policies/{kind}/{namespace}/{name}', { ...(await this.init(options)), params }));
  }

  async validateMeshPolicies(
    meshId: string,
    request: MeshPolicyValidateRequest,
    options?: MeshRequestOptions,
  ): Promise<MeshPolicyValidateResponse> {
    const params = { path: { meshId } };
    return ok(await this.api.request('post', '/meshes/{meshId}/policies/validate', { ...(await this.init(options)), params, body: request }));
  }

  async listMeshPolicyChanges(
    meshId: string,
    query?: MeshPolicyChangesQuery,
    options?: MeshRequestOptions,
  ): Promise<MeshPolicyChangeListResponse> {
    const params = { path: { meshId }, query: defined({ ...query }) };
    return ok(await this.api.request('get', '/meshes/{meshId}/policies/changes', { ...(await this.init(options)), params }));
  }

  async listMeshPolicyDrift(meshId: string, options?: MeshRequestOptions): Promise<MeshPolicyDriftListResponse> {
    const params = { path: { meshId } };
    return ok(await this.api.request('get', '/meshes/{meshId}/policies/drift', { ...(await this.init(options)), params }));
  }

  async adoptMeshPolicyDrift(meshId: string, policy: MeshPolicyRef, options?: MeshRequestOptions): Promise<MeshPolicyChange> {
    const params = { path: { meshId } };
    return ok(await this.api.request('post', '/meshes/{meshId}/policies/drift/adopt', { ...(await this.init(options)), params, body: policy }));
  }

  async revertMeshPolicyDrift(meshId: string, policy: MeshPolicyRef, options?: MeshRequestOptions): Promise<MeshPolicyChange> {
    const params = { path: { meshId } };
    return ok(await this.api.request('post', '/meshes/{meshId}/policies/drift/revert', { ...(await this.init(options)), params, body: policy }));
  }

  async listMeshWorkloads(meshId: string, query?: MeshWorkloadsQuery, options?: MeshRequestOptions): Promise<MeshWorkloads> {
    const { namespaces, ...rest } = query ?? {};
    const params = { path: { meshId }, query: defined({ ...rest, namespace: commaList(namespaces) }) };
    return ok(await this.api.request('get', '/meshes/{meshId}/workloads', { ...(await this.init(options)), params }));
  }

  /** What every request carries: the base URL, the token when given, the abort signal. */
  private async init(options?: MeshRequestOptions) {
    return {
      baseUrl: await this.discoveryApi.getBaseUrl(MESH_PLUGIN_ID),
      headers: options?.token ? { Authorization: `Bearer ${options.token}` } : undefined,
      signal: options?.signal,
    };
  }
}

/**
 * openapi-fetch's Request as URL and init with the body read into a buffer.
 * Backstage's fetch API middlewares each build `new Request(input, init)` from
 * what they are given and pass the original on, which takes the body stream of
 * a Request: the next one then fails with "Cannot construct a Request with a
 * Request object that has already been used", so every POST with a body failed
 * in the browser. A buffer can be read any number of times.
 */
async function reusable(request: Request): Promise<[string, RequestInit]> {
  const body = request.body ? await request.arrayBuffer() : undefined;
  return [request.url, { method: request.method, headers: request.headers, body, signal: request.signal }];
}

/** `If-Match: "<version>"` when a version is given. */
function ifMatchHeader(options?: Partial<MeshWriteOptions>) {
  return options?.ifMatch === undefined ? {} : { 'If-Match': `"${options.ifMatch}"` };
}

/** Comma-separated, as the observability routes take lists; undefined for none. */
function commaList(values?: string[]): string | undefined {
  return values && values.length > 0 ? values.join(',') : undefined;
}

/** The query without undefined values, so none is sent as `key=undefined`. */
function defined<T extends object>(query: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as any;
}

/**
 * The body of a successful answer. Failures were thrown by the middleware, so
 * only a success reaches here; an empty body is `undefined` (e.g. 204).
 */
function ok<T>(result: { data?: T }): T {
  return result.data as T;
}
