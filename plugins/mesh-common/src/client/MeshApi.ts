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
}
