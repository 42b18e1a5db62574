import { MeshDetail, MeshService } from '@meshfleet/plugin-mesh-common';
import { LabelRequirement, matchesSelector } from './labelSelector';

/** Backstage's Kubernetes annotations that say which workloads a Component has. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION = 'backstage.io/kubernetes-label-selector';
export const KUBERNETES_NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';

/**
 * Pod labels that name an app. `backstage.io/kubernetes-id` is the label the
 * Kubernetes plugin itself looks for; `app` and `app.kubernetes.io/name` are
 * the labels Istio and most charts use.
 */
const APP_LABELS = [KUBERNETES_ID_ANNOTATION, 'app', 'app.kubernetes.io/name'];

/** How a Component identifies its workloads. */
export type WorkloadQuery =
  | { kind: 'id'; id: string; namespace?: string }
  | { kind: 'selector'; requirements: LabelRequirement[]; namespace?: string };

/**
 * Whether a mesh service belongs to the Component's workloads.
 *
 * - by id: a service of that name, or one whose selector (in any cluster)
 *   picks pods labelled with the id under one of the app labels;
 * - by label selector: a service whose selector labels satisfy it. The model
 *   has services' selectors, not pods' labels, so the selector is evaluated
 *   against the labels a service selects on: `app=cart` matches a service
 *   selecting `{app: cart, version: v1}`, but `app=cart,team=x` does not match
 *   a service selecting only `{app: cart}`.
 */
export function serviceMatches(query: WorkloadQuery, service: MeshService): boolean {
  if (query.namespace && query.namespace !== service.namespace) {
    return false;
  }
  if (query.kind === 'id') {
    return (
      service.name === query.id ||
      service.instances.some(i => APP_LABELS.some(label => i.selector[label] === query.id))
    );
  }
  return service.instances.some(
    i => Object.keys(i.selector).length > 0 && matchesSelector(query.requirements, i.selector),
  );
}

/** Ids of the meshes that have at least one service of the Component, in id order. */
export function meshesOfWorkloads(query: WorkloadQuery, meshes: MeshDetail[]): string[] {
  return meshes
    .filter(m => m.services.some(s => serviceMatches(query, s)))
    .map(m => m.id)
    .sort();
}
