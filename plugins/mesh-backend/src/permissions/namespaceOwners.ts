import { Entity, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { componentWorkloads, MeshService, matchComponentService } from '@meshfleet/plugin-mesh-common';

/*
 * Who owns a namespace's workloads in a mesh, for the owner rule on policy
 * writes: the owners of the catalog Components whose Kubernetes workloads
 * (backstage.io/kubernetes-id or -label-selector, optionally narrowed by
 * backstage.io/kubernetes-namespace) are services of that namespace in the
 * mesh, matched exactly as /component-services and the catalog module match
 * them. Pure.
 */

const KUBERNETES_ID = 'backstage.io/kubernetes-id';
const KUBERNETES_LABEL_SELECTOR = 'backstage.io/kubernetes-label-selector';
const KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';

/** The Component's owner as a full entity ref (`group:default/shop-team`), or undefined when it has none. */
function ownerRefOf(component: Entity): string | undefined {
  const owner = (component.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || owner === '') return undefined;
  try {
    return stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: component.metadata.namespace ?? 'default' }));
  } catch {
    return undefined;
  }
}

/** Whether one of the Component's workloads is a service of the namespace. */
function runsIn(component: Entity, services: MeshService[], namespace: string): boolean {
  const annotations = component.metadata.annotations ?? {};
  let workloads;
  try {
    workloads = componentWorkloads({
      kubernetesId: annotations[KUBERNETES_ID],
      labelSelector: annotations[KUBERNETES_LABEL_SELECTOR],
      namespace: annotations[KUBERNETES_NAMESPACE],
    });
  } catch {
    return false; // an unreadable label selector picks nothing
  }
  return !!workloads && services.some(s => s.namespace === namespace && matchComponentService(workloads, s));
}

/** Entity refs of the owners of Components whose workloads run in `namespace` among the mesh's services, sorted. */
export function namespaceOwnersOf(components: Entity[], services: MeshService[], namespace: string): string[] {
  const owners = components.filter(c => runsIn(c, services, namespace)).map(ownerRefOf);
  return [...new Set(owners.filter((o): o is string => !!o))].sort();
}
