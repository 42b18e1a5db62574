import type { V1Deployment, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { StepError } from '../../operations/errors';
import type { ClusterClient } from '../clusters/ClusterClient';
import { LifecycleContext, LifecycleStep, noChanges, nothingToPlan } from './common';
import { plannedChange } from './objectChanges';
import { waitUntil } from './waits';
import type { WorkloadRestartParams } from './workloadRestart';
import {
  batches,
  carriesRestartMark,
  currentReplicaSet,
  restartPatch,
  rolloutProblem,
  workloadSidecars,
  WorkloadSidecars,
} from './workloadRollout';

type Ctx = LifecycleContext<WorkloadRestartParams>;
type Step = LifecycleStep<WorkloadRestartParams>;

const deploymentRef = (namespace: string, name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name });

function clientOf(ctx: Ctx): Promise<ClusterClient> {
  return ctx.services.clusters.forCluster(ctx.params.cluster);
}

/** The Deployments to restart: those named, else every Deployment of the namespace now, by name. */
async function deploymentNames(ctx: Ctx): Promise<string[]> {
  if (ctx.params.workloads) return ctx.params.workloads;
  const client = await clientOf(ctx);
  const deployments = await client.list<V1Deployment>('apps/v1', 'Deployment', { namespace: ctx.params.namespace });
  return deployments.map(d => d.metadata!.name!).sort();
}

/**
 * Fixes what the restart step works on, once: the Deployments (so that a
 * resumed operation restarts the same ones) and the value of
 * `kubectl.kubernetes.io/restartedAt` (so that a resumed step sets the value
 * it set before, which restarts nothing again).
 */
const chooseDeployments: Step = {
  id: 'choose-workloads',
  title: 'Choose the Deployments and the restart mark',
  plan: nothingToPlan,
  async run(ctx) {
    const workloads = await deploymentNames(ctx);
    const restartedAt = new Date().toISOString();
    return {
      detail: `${workloads.length} Deployments of ${ctx.params.namespace} in ${ctx.params.cluster} to restart: ${workloads.join(', ') || 'none'}`,
      state: { workloads, restartedAt },
    };
  },
};

/** What the restart step was given by the first step. */
function chosen(ctx: Ctx): { workloads: string[]; restartedAt: string } {
  const { workloads, restartedAt } = ctx.state;
  if (!Array.isArray(workloads) || typeof restartedAt !== 'string') {
    throw new Error('the operation has no chosen Deployments: its first step did not run');
  }
  return { workloads: workloads.map(String), restartedAt };
}

/** The namespace's ReplicaSets and pods, read together for rollout checks. */
async function readNamespace(client: ClusterClient, namespace: string) {
  const [replicaSets, pods] = await Promise.all([
    client.list<V1ReplicaSet>('apps/v1', 'ReplicaSet', { namespace }),
    client.list<V1Pod>('v1', 'Pod', { namespace }),
  ]);
  return { replicaSets, pods };
}

async function restartOne(client: ClusterClient, namespace: string, name: string, restartedAt: string): Promise<boolean> {
  const ref = deploymentRef(namespace, name);
  const deployment = await client.get<V1Deployment>(ref);
  if (!deployment) {
    throw new StepError(`Deployment ${namespace}/${name} is no longer in ${client.cluster}`, {
      hint: 'Start a new restart without it',
    });
  }
  if (carriesRestartMark(deployment, restartedAt)) return false;
  // A merge patch as kubectl's rollout restart makes: it leaves the pod template's other fields to their owners.
  await client.mergePatch(ref, restartPatch(restartedAt));
  return true;
}

/** The first rollout problem among the batch's Deployments, naming it, or undefined when all are done. */
async function batchProblem(client: ClusterClient, namespace: string, names: string[]): Promise<string | undefined> {
  const { replicaSets, pods } = await readNamespace(client, namespace);
  for (const name of names) {
    const deployment = await client.get<V1Deployment>(deploymentRef(namespace, name));
    if (!deployment) return `Deployment ${namespace}/${name} is gone`;
    const problem = rolloutProblem(deployment, replicaSets, pods);
    if (problem) return `Deployment ${namespace}/${name}: ${problem}`;
  }
  return undefined;
}

const restartInBatches: Step = {
  id: 'rollout-restart',
  title: 'Restart the Deployments in batches, each batch rolled out before the next',
  async plan(ctx) {
    const client = await clientOf(ctx);
    const groups = batches(await deploymentNames(ctx), ctx.params.batchSize);
    const changes = groups.flatMap((group, index) =>
      group.map(name =>
        plannedChange(client.cluster, deploymentRef(ctx.params.namespace, name), 'update', `rollout restart, batch ${index + 1} of ${groups.length}`),
      ),
    );
    return { ...noChanges(), changes };
  },
  async run(ctx) {
    const client = await clientOf(ctx);
    const { workloads, restartedAt } = chosen(ctx);
    const groups = batches(workloads, ctx.params.batchSize);
    let restarted = 0;
    for (const [index, group] of groups.entries()) {
      for (const name of group) {
        if (await restartOne(client, ctx.params.namespace, name, restartedAt)) restarted++;
      }
      ctx.log.info(`batch ${index + 1} of ${groups.length}: restarted ${group.join(', ')}; waiting for the rollout`);
      await waitUntil(`the rollout of batch ${index + 1} (${group.join(', ')}) in ${client.cluster}`, () => batchProblem(client, ctx.params.namespace, group), {
        timeoutMs: ctx.params.timeoutSeconds * 1000,
        signal: ctx.signal,
        hint: `Look at the events of the Deployment and its pods in ${client.cluster} (injection webhook, image, resources, readiness), then retry: Deployments already restarted are not restarted again`,
      });
    }
    return {
      detail: `restarted ${workloads.length} Deployments in ${groups.length} batches (${restarted} restarted by this run), all rolled out`,
      outputs: { restarted: workloads.length },
    };
  },
};

/** The sidecars of each restarted Deployment's current pods. */
async function sidecarsOf(client: ClusterClient, namespace: string, names: string[]): Promise<WorkloadSidecars[]> {
  const { replicaSets, pods } = await readNamespace(client, namespace);
  const result: WorkloadSidecars[] = [];
  for (const name of names) {
    const deployment = await client.get<V1Deployment>(deploymentRef(namespace, name));
    const current = deployment && currentReplicaSet(deployment, replicaSets);
    const own = current ? pods.filter(p => p.metadata?.ownerReferences?.some(o => o.uid === current.metadata?.uid)) : [];
    result.push(workloadSidecars(name, own));
  }
  return result;
}

function describeSidecars(s: WorkloadSidecars): string {
  const revisions = s.revisions.length ? ` (revision ${s.revisions.join(', ')})` : '';
  return `${s.workload}: ${s.podsWithSidecar} of ${s.pods} pods with a sidecar${revisions}`;
}

const countSidecars: Step = {
  id: 'sidecars',
  title: "Count the new pods' sidecars and their revisions",
  plan: nothingToPlan,
  async run(ctx) {
    const client = await clientOf(ctx);
    const sidecars = await sidecarsOf(client, ctx.params.namespace, chosen(ctx).workloads);
    return {
      detail: sidecars.map(describeSidecars).join('; ') || 'no Deployment to restart',
      outputs: {
        pods: sidecars.reduce((sum, s) => sum + s.pods, 0),
        podsWithSidecar: sidecars.reduce((sum, s) => sum + s.podsWithSidecar, 0),
        // A JSON list (outputs are flat values): [{workload, pods, podsWithSidecar, revisions}].
        workloads: JSON.stringify(sidecars),
      },
    };
  },
};

/** The steps of `workload.restart`. */
export function workloadRestartSteps(): Step[] {
  return [chooseDeployments, restartInBatches, countSidecars];
}
