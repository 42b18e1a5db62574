import type { MeshService } from '../model';
import { LabelRequirement, matchesSelector, parseLabelSelector } from './labelSelector';

/**
 * Backstage's Kubernetes annotations that say which workloads a Component has.
 * Meshfleet reads them as the Kubernetes plugin does.
 *
 * @public
 */
export const KUBERNETES_COMPONENT_ANNOTATIONS = {
  id: 'backstage.io/kubernetes-id',
  labelSelector: 'backstage.io/kubernetes-label-selector',
  namespace: 'backstage.io/kubernetes-namespace',
} as const;

/**
 * Pod labels that name an app. `backstage.io/kubernetes-id` is the label the
 * Kubernetes plugin itself looks for; `app` and `app.kubernetes.io/name` are
 * the labels Istio and most charts use.
 */
const APP_LABELS = [KUBERNETES_COMPONENT_ANNOTATIONS.id, 'app', 'app.kubernetes.io/name'];

/**
 * How a Component identifies its Kubernetes workloads.
 *
 * @public
 */
export type ComponentWorkloads =
  | { kind: 'id'; id: string; namespace?: string }
  | { kind: 'selector'; requirements: LabelRequirement[]; namespace?: string };

/**
 * Reads a Component's workloads from its Kubernetes annotations: the label
 * selector wins over the id, as in the Kubernetes plugin. Undefined when it
 * has neither; throws naming the part of the selector it cannot read.
 *
 * @public
 */
export function componentWorkloads(query: {
  kubernetesId?: string;
  labelSelector?: string;
  namespace?: string;
}): ComponentWorkloads | undefined {
  const namespace = query.namespace || undefined;
  if (query.labelSelector) {
    return { kind: 'selector', requirements: parseLabelSelector(query.labelSelector), namespace };
  }
  return query.kubernetesId ? { kind: 'id', id: query.kubernetesId, namespace } : undefined;
}

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
 *
 * @public
 */
export function matchComponentService(workloads: ComponentWorkloads, service: MeshService): boolean {
  if (workloads.namespace && workloads.namespace !== service.namespace) {
    return false;
  }
  if (workloads.kind === 'id') {
    return (
      service.name === workloads.id ||
      service.instances.some(i => APP_LABELS.some(label => i.selector[label] === workloads.id))
    );
  }
  return service.instances.some(
    i => Object.keys(i.selector).length > 0 && matchesSelector(workloads.requirements, i.selector),
  );
}
