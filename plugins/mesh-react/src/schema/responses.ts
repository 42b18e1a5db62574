import type { ClusterListResponse, MeshDetailResponse, MeshListResponse } from '@meshfleet/plugin-mesh-common';
import type { paths } from './openapi.generated';

/** The JSON body of a route's 200 answer, as the OpenAPI document declares it. */
type OkBody<P extends keyof paths> = paths[P]['get'] extends {
  responses: { 200: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

/** Body of `GET /meshes`, from `plugins/mesh-backend/src/schema/openapi.yaml`. */
export type ListMeshesBody = OkBody<'/meshes'>;
/** Body of `GET /meshes/{meshId}`, from the OpenAPI document. */
export type GetMeshBody = OkBody<'/meshes/{meshId}'>;
/** Body of `GET /clusters`, from the OpenAPI document. */
export type ListClustersBody = OkBody<'/clusters'>;

/**
 * True when each type is assignable to the other. The assertions below make
 * `tsc` fail as soon as the OpenAPI document and mesh-common's types disagree,
 * so the UI (which uses mesh-common's types) can rely on what the client gets.
 */
type Agree<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const openApiAgreesWithModel: {
  listMeshes: Agree<ListMeshesBody, MeshListResponse>;
  getMesh: Agree<GetMeshBody, MeshDetailResponse>;
  listClusters: Agree<ListClustersBody, ClusterListResponse>;
} = { listMeshes: true, getMesh: true, listClusters: true };
