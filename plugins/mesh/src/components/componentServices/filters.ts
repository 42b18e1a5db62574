import { Entity, parseEntityRef, RELATION_DEPENDS_ON } from '@backstage/catalog-model';
import { KUBERNETES_COMPONENT_ANNOTATIONS } from '@meshfleet/plugin-mesh-common';

/**
 * Whether a catalog entity is a Component that may run in a mesh: it names its
 * Kubernetes workloads (`backstage.io/kubernetes-id` or
 * `backstage.io/kubernetes-label-selector`) and depends on a Resource, which
 * is how Meshfleet's catalog module relates such Components to their mesh.
 * Filters are synchronous, so the tabs ask the mesh backend which services
 * are the Component's (and say so when there are none).
 *
 * @public
 */
export function isMeshComponent(entity: Entity): boolean {
  if (entity.kind.toLocaleLowerCase('en-US') !== 'component') {
    return false;
  }
  const annotations = entity.metadata.annotations ?? {};
  if (!annotations[KUBERNETES_COMPONENT_ANNOTATIONS.id] && !annotations[KUBERNETES_COMPONENT_ANNOTATIONS.labelSelector]) {
    return false;
  }
  return (entity.relations ?? []).some(relation => {
    if (relation.type !== RELATION_DEPENDS_ON) return false;
    try {
      return parseEntityRef(relation.targetRef).kind.toLocaleLowerCase('en-US') === 'resource';
    } catch {
      return false;
    }
  });
}
