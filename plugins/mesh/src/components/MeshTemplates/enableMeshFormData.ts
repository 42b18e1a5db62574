import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ComponentService, KUBERNETES_COMPONENT_ANNOTATIONS } from '@meshfleet/plugin-mesh-common';
import { meshEntityRef, TemplateFormData } from './templates';

/** The clusters where the service runs but its namespace has no sidecar injection. */
export function clustersWithoutInjection(service: Pick<ComponentService, 'clusters'>): string[] {
  return service.clusters.filter(c => !c.injected).map(c => c.cluster);
}

/**
 * The form of "Enable the mesh for a service" filled in from a Component and,
 * when the mesh already lists it, its service: the clusters are those where
 * injection is off (the others already give new pods their sidecar, and a
 * restart there would only disturb them). Without a service, what the
 * Component's Kubernetes annotations tell (namespace, service name). Pure.
 */
export function enableMeshFormData(
  entity: Entity,
  service?: Pick<ComponentService, 'meshId' | 'namespace' | 'name' | 'clusters'>,
): TemplateFormData {
  const component = stringifyEntityRef(entity);
  if (service) {
    const mesh = meshEntityRef(service.meshId);
    return {
      component,
      ...(mesh ? { mesh } : {}),
      namespace: service.namespace,
      service: service.name,
      clusters: clustersWithoutInjection(service),
    };
  }
  const annotations = entity.metadata.annotations ?? {};
  const namespace = annotations[KUBERNETES_COMPONENT_ANNOTATIONS.namespace];
  const name = annotations[KUBERNETES_COMPONENT_ANNOTATIONS.id];
  return { component, ...(namespace ? { namespace } : {}), ...(name ? { service: name } : {}) };
}
