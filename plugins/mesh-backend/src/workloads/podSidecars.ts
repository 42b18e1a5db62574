import type { V1Pod } from '@kubernetes/client-node';
import { REVISION_LABEL } from './injectors';

/** The container Istio's injector adds, as a container or as a native sidecar (an init container). */
const PROXY_CONTAINER = 'istio-proxy';
/** The injector's record of what it added, with the revision that injected it. */
const SIDECAR_STATUS_ANNOTATION = 'sidecar.istio.io/status';

/** Whether a pod carries a sidecar, and of which revision when it can tell. */
export interface PodSidecar {
  present: boolean;
  revision?: string;
  /**
   * The revision is only what the pod's `istio.io/rev` label asked for (a
   * revision or a tag), not a record of the injector: it is resolved before
   * it is compared.
   */
  requested?: boolean;
}

/**
 * A pod's sidecar. Its revision is the one that injected it: the injector's
 * `sidecar.istio.io/status` annotation, then the `istio.io/rev` annotation
 * the injector also writes, then the pod's `istio.io/rev` label. The label is
 * last because it says what the pod asked for, which may be a tag that has
 * moved to another revision since the pod was injected.
 */
export function podSidecar(pod: V1Pod): PodSidecar {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  if (!containers.some(c => c.name === PROXY_CONTAINER)) return { present: false };
  const injectedBy =
    statusRevision(pod.metadata?.annotations?.[SIDECAR_STATUS_ANNOTATION]) ??
    (pod.metadata?.annotations?.[REVISION_LABEL] || undefined);
  if (injectedBy) return { present: true, revision: injectedBy };
  const requested = pod.metadata?.labels?.[REVISION_LABEL];
  return requested ? { present: true, revision: requested, requested: true } : { present: true };
}

function statusRevision(status: string | undefined): string | undefined {
  if (!status) return undefined;
  try {
    const revision = (JSON.parse(status) as { revision?: unknown }).revision;
    return typeof revision === 'string' && revision ? revision : undefined;
  } catch {
    // A hand-edited annotation: the other sources still tell the revision.
    return undefined;
  }
}

/** Whether the pod's Ready condition is True. */
export function isPodReady(pod: V1Pod): boolean {
  return (pod.status?.conditions ?? []).some(c => c.type === 'Ready' && c.status === 'True');
}

/**
 * The workload that controls a pod, as `Kind/name`: a ReplicaSet's pods
 * belong to the Deployment whose name is the ReplicaSet's without the
 * `-<pod-template-hash>` suffix, so no ReplicaSet needs to be read.
 */
export function podController(pod: V1Pod): { kind: string; name: string } | undefined {
  const owner = pod.metadata?.ownerReferences?.find(o => o.controller);
  if (!owner) return undefined;
  const hash = pod.metadata?.labels?.['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) {
    return { kind: 'Deployment', name: owner.name.slice(0, -(hash.length + 1)) };
  }
  return { kind: owner.kind, name: owner.name };
}
