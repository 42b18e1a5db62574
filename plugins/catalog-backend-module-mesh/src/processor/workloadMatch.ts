import {
  ComponentWorkloads,
  KUBERNETES_COMPONENT_ANNOTATIONS,
  matchComponentService,
  MeshDetail,
} from '@meshfleet/plugin-mesh-common';

/** Backstage's Kubernetes annotations that say which workloads a Component has. */
export const KUBERNETES_ID_ANNOTATION = KUBERNETES_COMPONENT_ANNOTATIONS.id;
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION = KUBERNETES_COMPONENT_ANNOTATIONS.labelSelector;
export const KUBERNETES_NAMESPACE_ANNOTATION = KUBERNETES_COMPONENT_ANNOTATIONS.namespace;

/**
 * How a Component identifies its workloads. The matching itself is
 * mesh-common's, shared with the mesh backend's `GET /component-services`,
 * so the entity pages find the services this processor relates.
 */
export type WorkloadQuery = ComponentWorkloads;

/** Ids of the meshes that have at least one service of the Component, in id order. */
export function meshesOfWorkloads(query: WorkloadQuery, meshes: MeshDetail[]): string[] {
  return meshes
    .filter(m => m.services.some(s => matchComponentService(query, s)))
    .map(m => m.id)
    .sort();
}
