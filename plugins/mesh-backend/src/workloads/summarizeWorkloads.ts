import type {
  V1DaemonSet,
  V1Deployment,
  V1MutatingWebhookConfiguration,
  V1Namespace,
  V1Pod,
  V1PodTemplateSpec,
  V1StatefulSet,
} from '@kubernetes/client-node';
import type { ClusterWorkloads, MismatchedPod, NamespaceSidecarInjection, WorkloadSidecars } from '@meshfleet/plugin-mesh-common';
import { DEFAULT_REVISION, Injectors, readInjectors, resolveRevision, REVISION_LABEL } from './injectors';
import { namespaceInjection } from './namespaceInjection';
import { isPodReady, podController, podSidecar, PodSidecar } from './podSidecars';

/** A workload object as read: its `kind` set, since list answers leave it out of the items. */
export type WorkloadObject =
  | (V1Deployment & { kind: 'Deployment' })
  | (V1StatefulSet & { kind: 'StatefulSet' })
  | (V1DaemonSet & { kind: 'DaemonSet' });

/** What to summarize. */
export interface SummaryScope {
  /** The namespaces asked for: each is listed, also where it does not exist. */
  namespaces: string[];
  /**
   * Only workloads whose pod template carries all these labels (a Service's
   * selector); an empty one picks none, as a Service without a selector.
   */
  selector?: Record<string, string>;
}

/** One cluster's part of the answer, before it is named. */
export type WorkloadSummary = Pick<ClusterWorkloads, 'revisions' | 'tags' | 'namespaces' | 'workloads'>;

/** The pod template label (or, deprecated, annotation) that turns injection on or off for one workload. */
const INJECT_LABEL = 'sidecar.istio.io/inject';

/**
 * The sidecar state of one cluster's workloads: per namespace its injection,
 * per workload its pods, their sidecars and revisions, the revision new pods
 * get (Istio's precedence over the namespace's and the pod template's
 * labels), and the pods whose sidecar differs from it. Pure: the inputs are
 * the cluster's objects as read.
 */
export function summarizeWorkloads(
  pods: V1Pod[],
  workloads: WorkloadObject[],
  namespaces: V1Namespace[],
  webhooks: V1MutatingWebhookConfiguration[],
  scope: SummaryScope,
): WorkloadSummary {
  const injectors = readInjectors(webhooks);
  const injection = new Map(
    scope.namespaces.map(name => [name, namespaceInjection(name, namespaces.find(n => n.metadata?.name === name), injectors)]),
  );
  const selector = scope.selector && Object.entries(scope.selector);
  const selected = (labels: Record<string, string> | undefined) =>
    !selector || (selector.length > 0 && selector.every(([key, value]) => labels?.[key] === value));

  const live = pods.filter(p => injection.has(p.metadata?.namespace ?? '') && !p.metadata?.deletionTimestamp);
  const podsOf = groupPodsByWorkload(live);
  const summaries: WorkloadSidecars[] = [];
  for (const workload of workloads) {
    const namespace = workload.metadata?.namespace ?? '';
    if (!injection.has(namespace) || !selected(workload.spec?.template.metadata?.labels)) continue;
    const key = workloadKey(namespace, workload.kind, workload.metadata?.name ?? '');
    summaries.push(
      summarize(workload.kind, workload.metadata?.name ?? '', desiredPods(workload), workload.spec?.template, podsOf.get(key) ?? [], injection.get(namespace)!, injectors),
    );
    podsOf.delete(key);
  }
  // Pods no listed workload controls (bare pods, or a controller of another kind) are listed one by one.
  for (const pod of [...podsOf.values()].flat()) {
    if (!selected(pod.metadata?.labels)) continue;
    const namespace = pod.metadata?.namespace ?? '';
    summaries.push(summarize('Pod', pod.metadata?.name ?? '', 1, pod, [pod], injection.get(namespace)!, injectors));
  }
  return {
    revisions: injectors.revisions,
    tags: injectors.tags,
    namespaces: [...injection.values()].sort((a, b) => a.namespace.localeCompare(b.namespace)),
    workloads: summaries.sort(
      (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind),
    ),
  };
}

function workloadKey(namespace: string, kind: string, name: string): string {
  return `${namespace}/${kind}/${name}`;
}

function groupPodsByWorkload(pods: V1Pod[]): Map<string, V1Pod[]> {
  const groups = new Map<string, V1Pod[]>();
  for (const pod of pods) {
    const namespace = pod.metadata?.namespace ?? '';
    const controller = podController(pod);
    const key = controller
      ? workloadKey(namespace, controller.kind, controller.name)
      : workloadKey(namespace, 'Pod', pod.metadata?.name ?? '');
    groups.set(key, [...(groups.get(key) ?? []), pod]);
  }
  return groups;
}

function desiredPods(workload: WorkloadObject): number {
  if (workload.kind === 'DaemonSet') return workload.status?.desiredNumberScheduled ?? 0;
  return workload.spec?.replicas ?? 1;
}

/** The pod template's own injection labels (Istio still honours the annotation form of `sidecar.istio.io/inject`). */
function overrideOf(template: Pick<V1PodTemplateSpec, 'metadata'> | undefined): WorkloadSidecars['override'] {
  const inject = template?.metadata?.labels?.[INJECT_LABEL] ?? template?.metadata?.annotations?.[INJECT_LABEL];
  const revision = template?.metadata?.labels?.[REVISION_LABEL];
  if (inject === undefined && !revision) return undefined;
  return {
    ...(inject !== undefined ? { inject: inject === 'true' } : {}),
    ...(revision ? { revision } : {}),
  };
}

/**
 * The revision new pods of a workload get: `sidecar.istio.io/inject=false`
 * keeps any out; a namespace's label decides next; without one, the pod
 * template's `istio.io/rev`, then `sidecar.istio.io/inject=true` (the default revision).
 */
function expectedRevision(
  namespace: NamespaceSidecarInjection,
  override: WorkloadSidecars['override'],
  injectors: Injectors,
): string | undefined {
  if (override?.inject === false) return undefined;
  if (namespace.mode !== 'none') return namespace.revision;
  if (override?.revision) return resolveRevision(injectors, override.revision);
  return override?.inject ? resolveRevision(injectors, DEFAULT_REVISION) : undefined;
}

function summarize(
  kind: WorkloadSidecars['kind'],
  name: string,
  replicas: number,
  template: Pick<V1PodTemplateSpec, 'metadata'> | undefined,
  pods: V1Pod[],
  namespace: NamespaceSidecarInjection,
  injectors: Injectors,
): WorkloadSidecars {
  const override = overrideOf(template);
  const expected = expectedRevision(namespace, override, injectors);
  const revisions = new Map<string, number>();
  const mismatched: MismatchedPod[] = [];
  let podsWithSidecar = 0;
  for (const pod of [...pods].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))) {
    const sidecar = podSidecar(pod);
    if (sidecar.present) {
      podsWithSidecar++;
      const revision = sidecar.revision ?? 'unknown';
      revisions.set(revision, (revisions.get(revision) ?? 0) + 1);
    }
    const mismatch = mismatchOf(pod.metadata?.name ?? '', sidecar, expected, injectors);
    if (mismatch) mismatched.push(mismatch);
  }
  return {
    kind,
    namespace: namespace.namespace,
    name,
    replicas,
    pods: pods.length,
    readyPods: pods.filter(isPodReady).length,
    podsWithSidecar,
    revisions: [...revisions].map(([revision, count]) => ({ revision, pods: count })).sort((a, b) => a.revision.localeCompare(b.revision)),
    ...(override ? { override } : {}),
    ...(expected ? { expectedRevision: expected } : {}),
    mismatched,
  };
}

/**
 * Why a pod's sidecar is not the one new pods get, if it is not. The
 * injector's record of its revision is compared as it is (a pod injected by
 * an old revision stays old when a tag moves); a revision known only from the
 * pod's label is resolved as a tag first. A sidecar whose revision cannot be
 * told is not flagged.
 */
function mismatchOf(pod: string, sidecar: PodSidecar, expected: string | undefined, injectors: Injectors): MismatchedPod | undefined {
  if (!sidecar.present) return expected ? { pod, reason: 'no-sidecar', expectedRevision: expected } : undefined;
  const actual = sidecar.revision;
  if (!expected) return { pod, reason: 'unexpected-sidecar', ...(actual ? { sidecarRevision: actual } : {}) };
  if (!actual) return undefined;
  const effective = sidecar.requested ? (resolveRevision(injectors, actual) ?? actual) : actual;
  if (effective === expected) return undefined;
  return { pod, reason: 'other-revision', sidecarRevision: actual, expectedRevision: expected };
}
