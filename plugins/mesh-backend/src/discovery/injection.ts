import type { V1Namespace } from '@kubernetes/client-node';
import type { NamespaceInjection } from '@meshfleet/plugin-mesh-common';
import { labelsOf } from './objectNames';
import { REVISION_LABEL } from './istiod';

/** The namespace label of Istio's default injection. */
export const INJECTION_LABEL = 'istio-injection';
/** The namespace label naming an Istio network. */
export const NETWORK_LABEL = 'topology.istio.io/network';

/**
 * The injection setting of a namespace, or undefined when it carries no Istio
 * injection label. As in Istio's webhook, `istio-injection` wins over `istio.io/rev`.
 */
export function readNamespaceInjection(
  namespace: V1Namespace,
): NamespaceInjection | undefined {
  const name = namespace.metadata?.name ?? '';
  const labels = labelsOf(namespace);
  const injection = labels[INJECTION_LABEL];
  if (injection === 'enabled') {
    return { namespace: name, mode: 'enabled' };
  }
  if (injection !== undefined) {
    return { namespace: name, mode: 'disabled' };
  }
  const revision = labels[REVISION_LABEL];
  if (revision) {
    return { namespace: name, mode: 'revision', revision };
  }
  return undefined;
}

/** Injection settings of the namespaces that pass the filter, sorted by namespace. */
export function readInjection(
  namespaces: V1Namespace[],
  includeNamespace: (name: string) => boolean,
): NamespaceInjection[] {
  return namespaces
    .filter(ns => includeNamespace(ns.metadata?.name ?? ''))
    .map(readNamespaceInjection)
    .filter((i): i is NamespaceInjection => i !== undefined)
    .sort((a, b) => a.namespace.localeCompare(b.namespace));
}

/** Whether a namespace with this setting gets sidecars. */
export function isInjected(injection: NamespaceInjection | undefined): boolean {
  return injection?.mode === 'enabled' || injection?.mode === 'revision';
}

/** The `topology.istio.io/network` label of a namespace, if present. */
export function networkLabelOf(
  namespaces: V1Namespace[],
  namespace: string,
): string | undefined {
  const found = namespaces.find(ns => ns.metadata?.name === namespace);
  return found ? labelsOf(found)[NETWORK_LABEL] || undefined : undefined;
}
