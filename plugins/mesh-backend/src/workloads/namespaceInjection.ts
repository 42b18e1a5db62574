import type { V1Namespace } from '@kubernetes/client-node';
import type { NamespaceSidecarInjection } from '@meshfleet/plugin-mesh-common';
import { DEFAULT_REVISION, Injectors, resolveRevision, REVISION_LABEL } from './injectors';

/** The namespace label of Istio's default injection. */
const INJECTION_LABEL = 'istio-injection';

/**
 * A namespace's injection in one cluster, with Istio's precedence:
 * `istio-injection` wins over `istio.io/rev`, and only `enabled` turns it on.
 * The revision or tag it names is resolved through the cluster's injectors;
 * one that no injector answers to is a `problem`, since its pods start
 * without a sidecar.
 */
export function namespaceInjection(
  name: string,
  namespace: V1Namespace | undefined,
  injectors: Injectors,
): NamespaceSidecarInjection {
  if (!namespace) return { namespace: name, exists: false, mode: 'none' };
  const labels = namespace.metadata?.labels ?? {};
  const injection = labels[INJECTION_LABEL];
  if (injection !== undefined && injection !== 'enabled') {
    return { namespace: name, exists: true, mode: 'disabled' };
  }
  if (injection !== 'enabled' && !labels[REVISION_LABEL]) return { namespace: name, exists: true, mode: 'none' };
  const mode = injection === 'enabled' ? 'enabled' : 'revision';
  const requested = mode === 'enabled' ? DEFAULT_REVISION : labels[REVISION_LABEL];
  const revision = resolveRevision(injectors, requested);
  if (revision) return { namespace: name, exists: true, mode, requested, revision };
  return { namespace: name, exists: true, mode, requested, problem: noInjectorFor(mode, requested) };
}

function noInjectorFor(mode: 'enabled' | 'revision', requested: string): string {
  if (mode === 'enabled') {
    return "istio-injection=enabled asks for the default revision, but this cluster has no injector of revision 'default' and no 'default' tag";
  }
  return `istio.io/rev=${requested} names no revision or tag with an injector in this cluster`;
}
