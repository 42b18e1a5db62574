import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { ComponentService, KUBERNETES_COMPONENT_ANNOTATIONS } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** A Component's mesh services and which one the page shows. */
export interface ComponentServicesState {
  services?: ComponentService[];
  /** The service shown: the one picked, else the first. */
  selected?: ComponentService;
  select(service: ComponentService): void;
  loading: boolean;
  error?: Error;
  retry(): void;
}

/** `<meshId>/<namespace>/<name>`: a service's key among a Component's services. */
export function serviceKey(service: Pick<ComponentService, 'meshId' | 'namespace' | 'name'>): string {
  return `${service.meshId}/${service.namespace}/${service.name}`;
}

/**
 * Asks the mesh backend which mesh services are the Component's, from its
 * Kubernetes annotations (matched as the catalog module relates Components to
 * meshes), once on mount.
 */
export function useComponentServices(entity: Entity): ComponentServicesState {
  const meshApi = useApi(meshApiRef);
  const annotations = entity.metadata.annotations ?? {};
  const kubernetesId = annotations[KUBERNETES_COMPONENT_ANNOTATIONS.id];
  const labelSelector = annotations[KUBERNETES_COMPONENT_ANNOTATIONS.labelSelector];
  const namespace = annotations[KUBERNETES_COMPONENT_ANNOTATIONS.namespace];
  const [picked, setPicked] = useState<string>();
  const { value, loading, error, retry } = useAsyncRetry(
    () => meshApi.findComponentServices({ kubernetesId, labelSelector, namespace }),
    [meshApi, kubernetesId, labelSelector, namespace],
  );
  const services = value?.services;
  const selected = services?.find(s => serviceKey(s) === picked) ?? services?.[0];
  return { services, selected, select: s => setPicked(serviceKey(s)), loading, error, retry };
}
