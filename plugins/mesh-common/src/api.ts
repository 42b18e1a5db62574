import { ClusterView, MeshDetail, MeshView } from './model';

/**
 * The body of `GET /api/mesh/meshes`: every mesh, managed or discovered.
 *
 * @public
 */
export type MeshListResponse = MeshView[];

/**
 * The body of `GET /api/mesh/meshes/{meshId}`.
 *
 * @public
 */
export type MeshDetailResponse = MeshDetail;

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
  /** Backstage cluster names whose state changed. */
  clusters: string[];
  /** ISO 8601 time of the change. */
  changedAt: string;
}
