import type {
  ClusterListResponse,
  MeshDetailResponse,
  MeshListResponse,
  MeshMemberRequest,
  MeshRegistrationRequest,
  MeshUpdateRequest,
} from '../api';
import type {
  MeshOperation,
  MeshOperationListResponse,
  MeshOperationLogResponse,
  MeshOperationPlan,
  MeshOperationRequest,
  MeshOperationStatus,
} from '../operations';
import type {
  ComponentServices,
  ControlPlaneHealth,
  DashboardKind,
  GrafanaLinks,
  ObservabilityStatus,
  RenderedDashboard,
  Reporter,
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

/**
 * Options every {@link MeshApi} call accepts.
 *
 * @public
 */
export interface MeshRequestOptions {
  /**
   * A Backstage token to send as `Authorization: Bearer <token>`. Backend
   * callers pass a service token (`auth.getPluginRequestToken`) or the user's
   * credentials turned into one; in the browser leave it out and let the fetch
   * API add the signed-in user's token.
   */
  token?: string;
  /** Aborts the request, e.g. when the component that asked for it unmounts. */
  signal?: AbortSignal;
}

/**
 * Options of a write that is based on a record read earlier.
 *
 * @public
 */
export interface MeshWriteOptions extends MeshRequestOptions {
  /**
   * The `version` of the record the change is based on, sent as
   * `If-Match: "<version>"`. When the mesh changed since, the write is refused
   * with a {@link MeshConflictError} that carries the current record.
   */
  ifMatch: number;
}

/**
 * Options of starting a mesh operation.
 *
 * @public
 */
export interface MeshStartOperationOptions extends MeshRequestOptions {
  /**
   * Sent as `Idempotency-Key`: while an operation started with this key
   * exists, starting the same request again answers that operation instead
   * of starting another (a different request with the key is refused with a
   * 409). A scaffolder action passes `<taskId>/<stepId>`.
   */
  idempotencyKey?: string;
  /** Leave out (or false) to start the operation; see the overload with `dryRun: true` for its plan. */
  dryRun?: false;
}

/**
 * Which operations {@link MeshApi.listOperations} answers (newest first).
 *
 * @public
 */
export interface MeshOperationQuery {
  meshId?: string;
  status?: MeshOperationStatus;
  /** At most this many (1 to 500, default 50). */
  limit?: number;
}

/**
 * Which part of an operation's log {@link MeshApi.getOperationLog} answers.
 *
 * @public
 */
export interface MeshOperationLogQuery {
  /** Only entries after this `seq` (default 0: from the start); pass the last answer's `nextSeq`. */
  after?: number;
  /** Wait up to this many seconds (0 to 30) for entries before answering with none. */
  waitSeconds?: number;
}

/**
 * The time window and telemetry of a figure (observability routes).
 *
 * @public
 */
export interface ObservabilityWindowQuery {
  /** Rate window as a PromQL duration, e.g. `5m` (default 5m; 1m to 6h unless configured). */
  window?: string;
  /** Whose telemetry (default `both`). */
  reporter?: Reporter;
}

/**
 * Which graph {@link MeshApi.getTopology} answers: the whole mesh (neither
 * `namespaces` nor `service`), some namespaces, or one service and its neighbours.
 *
 * @public
 */
export interface TopologyQuery extends ObservabilityWindowQuery {
  namespaces?: string[];
  /** `<namespace>/<name>` of a mesh service. */
  service?: string;
  /** Only traffic from or to these clusters. */
  clusters?: string[];
}

/**
 * The time range of a chart (observability routes).
 *
 * @public
 */
export interface ChartQuery {
  /** Up to now, e.g. `1h` (default 1h; at most 7d unless configured). */
  range?: string;
  /** Spacing of points, e.g. `30s` (default range/120, at least the scrape interval). */
  step?: string;
  reporter?: Reporter;
}

/**
 * Options of {@link MeshApi.getGrafanaDashboards}.
 *
 * @public
 */
export interface GrafanaDashboardsQuery {
  /** Workloads of the service, one Workload dashboard each. */
  workloads?: string[];
  /** The dashboards' source namespace filter (`var-srcns`). */
  sourceNamespace?: string;
  /** Grafana times: `now-<n><unit>` or epoch milliseconds (default now-1h and now). */
  from?: string;
  to?: string;
}

/**
 * Which dashboard {@link MeshApi.renderDashboard} renders, for what.
 *
 * @public
 */
export interface DashboardQuery extends ChartQuery {
  /** For the service and workload dashboards. */
  namespace?: string;
  /** Service name, for the service dashboard. */
  service?: string;
  /** Workload name, for the workload dashboard. */
  workload?: string;
  /** Only these panels (default all; a request's queries are limited). */
  panels?: number[];
}

/**
 * A Component's Kubernetes annotations, for {@link MeshApi.findComponentServices}.
 *
 * @public
 */
export interface ComponentServicesQuery {
  /** `backstage.io/kubernetes-id`. */
  kubernetesId?: string;
  /** `backstage.io/kubernetes-label-selector` (wins over the id). */
  labelSelector?: string;
  /** `backstage.io/kubernetes-namespace`. */
  namespace?: string;
}

/**
 * Which workloads {@link MeshApi.listMeshWorkloads} answers: some namespaces
 * (default: those of the mesh's services) or one service's, in every cluster
 * of the mesh or one.
 *
 * @public
 */
export interface MeshWorkloadsQuery {
  /** At most 20. Not with `service`. */
  namespaces?: string[];
  /** Only this cluster of the mesh. */
  cluster?: string;
  /** `<namespace>/<name>` of a mesh service: the workloads its selector picks. */
  service?: string;
}

/**
 * The mesh backend's REST API (plugin id `mesh`, described by
 * `plugins/mesh-backend/src/schema/openapi.yaml`): one method per operation,
 * named by its `operationId`.
 *
 * Failed calls reject with a `ResponseError` from `@backstage/errors` (HTTP
 * status in `statusCode`, the backend's error in `cause`, and the backend's
 * message also in `message`), or with a {@link MeshConflictError} for a 409.
 * When the backend cannot be reached the error names the request and the reason.
 *
 * @public
 */
export interface MeshApi {
  /** `GET /health`: whether the plugin is up (no token needed). */
  getHealth(options?: MeshRequestOptions): Promise<{ status: 'ok' }>;
  /** `GET /meshes`: every mesh the caller may read, managed or discovered. */
  listMeshes(options?: MeshRequestOptions): Promise<MeshListResponse>;
  /** `POST /meshes`: registers a managed mesh (its desired state) and returns the stored record. */
  registerMesh(registration: MeshRegistrationRequest, options?: MeshRequestOptions): Promise<MeshRecord>;
  /** `GET /meshes/{meshId}`: one mesh with its clusters, services, drift and warnings; 404 when unknown. */
  getMesh(meshId: string, options?: MeshRequestOptions): Promise<MeshDetailResponse>;
  /** `PUT /meshes/{meshId}`: replaces the changeable fields of a managed mesh's record. */
  updateMesh(meshId: string, update: MeshUpdateRequest, options: MeshWriteOptions): Promise<MeshRecord>;
  /** `DELETE /meshes/{meshId}`: forgets a managed mesh's record; its clusters are not touched. */
  deleteMesh(meshId: string, options: MeshWriteOptions): Promise<void>;
  /** `POST /meshes/{meshId}/members`: adds a member cluster; `ifMatch` is optional here. */
  addMeshMember(
    meshId: string,
    member: MeshMemberRequest,
    options?: Partial<MeshWriteOptions>,
  ): Promise<MeshRecord>;
  /** `DELETE /meshes/{meshId}/members/{cluster}`: removes a member cluster; `ifMatch` is optional here. */
  removeMeshMember(meshId: string, cluster: string, options?: Partial<MeshWriteOptions>): Promise<MeshRecord>;
  /** `GET /clusters`: every cluster Meshfleet reads, with its reachability and Istio role. */
  listClusters(options?: MeshRequestOptions): Promise<ClusterListResponse>;
  /**
   * `POST /operations`: starts a mesh operation (pending), or answers the one
   * started earlier with the same `idempotencyKey`.
   */
  startOperation(request: MeshOperationRequest, options?: MeshStartOperationOptions): Promise<MeshOperation>;
  /** `POST /operations?dryRun=true`: the operation's plan; nothing is stored or changed. */
  startOperation(
    request: MeshOperationRequest,
    options: MeshRequestOptions & { dryRun: true },
  ): Promise<MeshOperationPlan>;
  /** `GET /operations`: the operations the caller may read, newest first. */
  listOperations(query?: MeshOperationQuery, options?: MeshRequestOptions): Promise<MeshOperationListResponse>;
  /** `GET /operations/{operationId}`: one operation with its steps; 404 when unknown or not readable. */
  getOperation(operationId: string, options?: MeshRequestOptions): Promise<MeshOperation>;
  /**
   * `GET /operations/{operationId}/log`: the (redacted) log after `after`;
   * with `waitSeconds` a long poll. Call again with `after: nextSeq` until `done`.
   */
  getOperationLog(
    operationId: string,
    query?: MeshOperationLogQuery,
    options?: MeshRequestOptions,
  ): Promise<MeshOperationLogResponse>;
  /** `POST /operations/{operationId}/retry`: a failed operation resumes at its failed step. */
  retryOperation(operationId: string, options?: MeshRequestOptions): Promise<MeshOperation>;
  /**
   * `GET /component-services`: the mesh services of a catalog Component's
   * Kubernetes workloads, in the meshes the caller may read.
   */
  findComponentServices(query: ComponentServicesQuery, options?: MeshRequestOptions): Promise<ComponentServices>;
  /** `GET /meshes/{meshId}/observability`: whether Prometheus and Grafana are configured for the mesh. */
  getObservabilityStatus(meshId: string, options?: MeshRequestOptions): Promise<ObservabilityStatus>;
  /**
   * `GET /meshes/{meshId}/topology`: the traffic graph, merged across clusters.
   * A 503 (the mesh's Prometheus could not answer) says why in its body; see `observabilityFailure`.
   */
  getTopology(meshId: string, query?: TopologyQuery, options?: MeshRequestOptions): Promise<TopologyGraph>;
  /** `GET /meshes/{meshId}/services/{namespace}/{service}/health`. */
  getServiceHealth(
    meshId: string,
    namespace: string,
    service: string,
    query?: ObservabilityWindowQuery,
    options?: MeshRequestOptions,
  ): Promise<ServiceHealth>;
  /** `GET /meshes/{meshId}/services/{namespace}/{service}/neighbours`. */
  getServiceNeighbours(
    meshId: string,
    namespace: string,
    service: string,
    query?: ObservabilityWindowQuery,
    options?: MeshRequestOptions,
  ): Promise<ServiceNeighbours>;
  /** `GET /meshes/{meshId}/services/{namespace}/{service}/metrics`: request, error and latency series per cluster. */
  getServiceMetrics(
    meshId: string,
    namespace: string,
    service: string,
    query?: ChartQuery,
    options?: MeshRequestOptions,
  ): Promise<ServiceMetrics>;
  /** `GET /meshes/{meshId}/services/{namespace}/{service}/grafana`: Istio's dashboards in the mesh's Grafana. */
  getGrafanaDashboards(
    meshId: string,
    namespace: string,
    service: string,
    query?: GrafanaDashboardsQuery,
    options?: MeshRequestOptions,
  ): Promise<GrafanaLinks>;
  /** `GET /meshes/{meshId}/control-plane/health`: per istiod revision. */
  getControlPlaneHealth(
    meshId: string,
    query?: { window?: string },
    options?: MeshRequestOptions,
  ): Promise<ControlPlaneHealth>;
  /** `GET /meshes/{meshId}/dashboards/{kind}`: an Istio dashboard's panels rendered by the backend. */
  renderDashboard(
    meshId: string,
    kind: DashboardKind,
    query?: DashboardQuery,
    options?: MeshRequestOptions,
  ): Promise<RenderedDashboard>;
  /** `GET /meshes/{meshId}/policies`: the mesh's Istio policies in its config cluster, and those elsewhere that have no effect. */
  listMeshPolicies(meshId: string, options?: MeshRequestOptions): Promise<MeshPolicyListResponse>;
  /**
   * `POST /meshes/{meshId}/policies/apply`: validates a batch (schema and
   * istiod's webhook, by a server-side dry run) and, unless `dryRun`, applies
   * it, all or nothing.
   */
  applyMeshPolicies(meshId: string, request: MeshPolicyApplyRequest, options?: MeshRequestOptions): Promise<MeshPolicyApplyResponse>;
  /** `GET /meshes/{meshId}/policies/{kind}/{namespace}/{name}`. */
  getMeshPolicy(meshId: string, kind: MeshPolicyKind, namespace: string, name: string, options?: MeshRequestOptions): Promise<MeshPolicy>;
  /** `DELETE /meshes/{meshId}/policies/{kind}/{namespace}/{name}`; with `resourceVersion`, a changed object is not deleted (409). */
  deleteMeshPolicy(
    meshId: string,
    kind: MeshPolicyKind,
    namespace: string,
    name: string,
    options?: MeshRequestOptions & { resourceVersion?: string },
  ): Promise<void>;
  /**
   * `POST /meshes/{meshId}/policies/validate`: the checks an apply runs
   * (schema, analysis, the config cluster's dry run), changing nothing.
   * Incomplete objects are fine: what is missing is a message.
   */
  validateMeshPolicies(meshId: string, request: MeshPolicyValidateRequest, options?: MeshRequestOptions): Promise<MeshPolicyValidateResponse>;
  /** `GET /meshes/{meshId}/policies/changes`: the mesh's policy history (who, what, when, diff), newest first. */
  listMeshPolicyChanges(meshId: string, query?: MeshPolicyChangesQuery, options?: MeshRequestOptions): Promise<MeshPolicyChangeListResponse>;
  /** `GET /meshes/{meshId}/policies/drift`: policies changed, added or deleted outside Meshfleet, with their diffs. */
  listMeshPolicyDrift(meshId: string, options?: MeshRequestOptions): Promise<MeshPolicyDriftListResponse>;
  /** `POST /meshes/{meshId}/policies/drift/adopt`: takes a drifted policy as it is now as Meshfleet's. */
  adoptMeshPolicyDrift(meshId: string, policy: MeshPolicyRef, options?: MeshRequestOptions): Promise<MeshPolicyChange>;
  /** `POST /meshes/{meshId}/policies/drift/revert`: writes back what Meshfleet last wrote for a drifted policy. */
  revertMeshPolicyDrift(meshId: string, policy: MeshPolicyRef, options?: MeshRequestOptions): Promise<MeshPolicyChange>;
  /**
   * `GET /meshes/{meshId}/workloads`: per cluster, whether the workloads'
   * pods carry a sidecar and of which revision, and the pods whose sidecar
   * differs from the one their namespace (or pod template) asks for.
   */
  listMeshWorkloads(meshId: string, query?: MeshWorkloadsQuery, options?: MeshRequestOptions): Promise<MeshWorkloads>;
}
