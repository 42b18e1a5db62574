import { Entity } from '@backstage/catalog-model';
import { CLUSTER_ENTITY_TYPE, MESH_ENTITY_TYPE } from '@meshfleet/plugin-mesh-common';

function isResourceOfType(entity: Entity, type: string): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'resource' && entity.spec?.type === type;
}

/**
 * Whether an entity is a service mesh (`Resource` of type `service-mesh`).
 *
 * @public
 */
export function isMeshEntity(entity: Entity): boolean {
  return isResourceOfType(entity, MESH_ENTITY_TYPE);
}

/**
 * Whether an entity is a Kubernetes cluster (`Resource` of type `kubernetes-cluster`).
 *
 * @public
 */
export function isClusterEntity(entity: Entity): boolean {
  return isResourceOfType(entity, CLUSTER_ENTITY_TYPE);
}
