import type { V1Deployment, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { podSidecar } from '../../workloads/podSidecars';

/*
 * A Deployment's rollout and its pods' sidecars, read as `kubectl rollout
 * status` and Istio read them. Pure: the golden tests show the cases.
 */

/** The pod template annotation `kubectl rollout restart` sets; a new value rolls the pods. */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** The Deployment's revision, which its current ReplicaSet carries too. */
const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/** The merge patch of a rollout restart with a given mark (the same mark twice changes nothing). */
export function restartPatch(restartedAt: string): object {
  return { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: restartedAt } } } } };
}

/** Whether the Deployment's pod template carries the mark already (restarted by this operation before). */
export function carriesRestartMark(deployment: V1Deployment, restartedAt: string): boolean {
  return deployment.spec?.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION] === restartedAt;
}

function ownedBy(object: V1ReplicaSet | V1Pod, uid: string | undefined): boolean {
  return !!uid && (object.metadata?.ownerReferences ?? []).some(o => o.uid === uid);
}

/** The ReplicaSet of the Deployment's current revision, if the controller made it yet. */
export function currentReplicaSet(deployment: V1Deployment, replicaSets: V1ReplicaSet[]): V1ReplicaSet | undefined {
  const revision = deployment.metadata?.annotations?.[REVISION_ANNOTATION];
  return replicaSets.find(
    rs => ownedBy(rs, deployment.metadata?.uid) && revision !== undefined && rs.metadata?.annotations?.[REVISION_ANNOTATION] === revision,
  );
}

/** The pods of the Deployment's ReplicaSets other than `current` (terminating ones included). */
export function oldPods(deployment: V1Deployment, replicaSets: V1ReplicaSet[], pods: V1Pod[]): V1Pod[] {
  const current = currentReplicaSet(deployment, replicaSets);
  const oldSets = replicaSets.filter(rs => ownedBy(rs, deployment.metadata?.uid) && rs !== current);
  return pods.filter(pod => oldSets.some(rs => ownedBy(pod, rs.metadata?.uid)));
}

/**
 * Why the rollout is not done yet, or undefined when it is: the controller
 * saw the latest spec, every replica is updated and ready, and no pod of an
 * older ReplicaSet is left (not even terminating).
 */
export function rolloutProblem(deployment: V1Deployment, replicaSets: V1ReplicaSet[], pods: V1Pod[]): string | undefined {
  const want = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  if ((status.observedGeneration ?? 0) < (deployment.metadata?.generation ?? 0)) {
    return `the controller has not seen generation ${deployment.metadata?.generation} yet (observed ${status.observedGeneration ?? 0})`;
  }
  const counts = `${status.updatedReplicas ?? 0}/${want} updated, ${status.readyReplicas ?? 0} ready, ${status.replicas ?? 0} in all`;
  if ((status.updatedReplicas ?? 0) !== want || (status.readyReplicas ?? 0) !== want || (status.replicas ?? 0) !== want) {
    return counts;
  }
  const left = oldPods(deployment, replicaSets, pods);
  return left.length ? `${counts}; ${left.length} pods of an older ReplicaSet left (${left[0].metadata?.name})` : undefined;
}

/** Whether the pod carries Istio's sidecar (a container or a native sidecar), as the workloads view tells it. */
export function hasSidecar(pod: V1Pod): boolean {
  return podSidecar(pod).present;
}

/**
 * The revision that injected the pod's sidecar, read as the workloads view
 * reads it (the injector's own record first, the pod's label last, since a
 * label may name a tag).
 */
export function sidecarRevision(pod: V1Pod): string | undefined {
  return podSidecar(pod).revision;
}

/** One workload after its restart: its pods, how many carry a sidecar, and of which revisions. */
export interface WorkloadSidecars {
  workload: string;
  pods: number;
  podsWithSidecar: number;
  /** The sidecars' revisions, sorted, each once (`unknown` for a sidecar whose revision is not recorded). */
  revisions: string[];
}

/** The sidecars of a Deployment's live pods (terminating ones left out). */
export function workloadSidecars(workload: string, pods: V1Pod[]): WorkloadSidecars {
  const live = pods.filter(p => !p.metadata?.deletionTimestamp);
  const injected = live.filter(hasSidecar);
  const revisions = [...new Set(injected.map(p => sidecarRevision(p) ?? 'unknown'))].sort();
  return { workload, pods: live.length, podsWithSidecar: injected.length, revisions };
}

/** The names in batches of `size`, in order. */
export function batches<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
