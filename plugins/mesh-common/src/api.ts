import { ClusterView, MeshDetail, MeshView } from './model';
import { MeshMember, MeshRecord, MeshType } from './types';

/**
 * The body of `GET /api/mesh/meshes`: every mesh, managed or discovered.
 *
 * @public
 */
export type MeshListResponse = MeshView[];

/**
 * The body of `GET /api/mesh/meshes/{meshId}`: the merged mesh and, for a
 * managed mesh, its stored record (whose `version` is also the response's ETag).
 *
 * @public
 */
export type MeshDetailResponse = MeshDetail & { registration?: MeshRecord };

/**
 * The body of `POST /api/mesh/meshes`: the desired state of a mesh to manage.
 *
 * @public
 */
export interface MeshRegistrationRequest {
  id: string;
  title: string;
  type: MeshType;
  controlPlaneCluster: string;
  controlPlaneNetwork: string;
  /** Member clusters besides the control plane; none for a dedicated mesh. */
  members?: MeshMember[];
  istioVersion?: string;
  revision: string;
  trustDomain: string;
  /** Entity ref of the owning group or user, e.g. `group:default/payments-team`. */
  owner: string;
}

/**
 * The body of `PUT /api/mesh/meshes/{meshId}`: the changeable fields.
 * `id`, `type` and `controlPlaneCluster` may be sent back unchanged but not
 * changed; `members`, when given, names exactly the current members (with
 * their new networks); a left-out `istioVersion` is cleared.
 *
 * @public
 */
export interface MeshUpdateRequest {
  id?: string;
  type?: MeshType;
  controlPlaneCluster?: string;
  title: string;
  owner: string;
  controlPlaneNetwork: string;
  istioVersion?: string;
  revision: string;
  trustDomain: string;
  members?: MeshMember[];
}

/**
 * The body of `POST /api/mesh/meshes/{meshId}/members`.
 *
 * @public
 */
export type MeshMemberRequest = MeshMember;

/**
 * The body of a 409 from a write route. `current` is present when the
 * conflict is a stale `If-Match`: the record as it is now, to merge into and
 * retry with its version.
 *
 * @public
 */
export interface MeshWriteConflictResponse {
  error: { name: string; message: string };
  request: { method?: string; url?: string };
  response: { statusCode: number };
  current?: MeshRecord;
}

/**
 * The body of `GET /api/mesh/clusters`.
 *
 * @public
 */
export type ClusterListResponse = ClusterView[];

/**
 * The Backstage events topic on which the mesh backend announces that its model
 * (meshes, clusters, services) changed, so consumers such as the catalog module
 * can refresh at once instead of on their next schedule. The payload is
 * {@link MeshModelChangedEvent}.
 *
 * @public
 */
export const MESH_MODEL_CHANGED_TOPIC = 'meshfleet.model.changed';

/**
 * Payload of {@link MESH_MODEL_CHANGED_TOPIC}.
 *
 * @public
 */
export interface MeshModelChangedEvent {
  /** Backstage cluster names whose state changed (or that a changed mesh spans, before or after). */
  clusters: string[];
  /** Ids of the managed meshes whose stored record changed (registered, updated, deleted). */
  meshes: string[];
  /** ISO 8601 time of the change. */
  changedAt: string;
}
