import type { V1Deployment, V1MutatingWebhookConfiguration, V1Namespace, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import { StepError } from '../../operations/errors';
import type { ClusterClient } from '../clusters/ClusterClient';
import { LifecycleContext, LifecycleStep, meshRecord, noChanges, nothingToPlan } from './common';
import { injectorWebhookName, MESH_ID_LABEL } from './names';
import { applyObject, describeOutcome, planApply, plannedChange } from './objectChanges';
import { emptyPushBugRisk, REV_LABEL, tagRevision, tagWebhookManifest, tagWebhookName, TAG_LABEL } from './revisionTags';
import type { ClusterNamespace, ClusterWorkload, RevisionMove } from './upgradeParams';
import { waitUntil } from './waits';
import { batches, carriesRestartMark, restartPatch, rolloutProblem, sidecarRevision, hasSidecar } from './workloadRollout';

/*
 * The steps `mesh.upgrade` and `mesh.rollback` share: move revision tags
 * and namespaces from one revision to another in every cluster of the mesh,
 * restart the workloads they inject in batches, and check that their
 * sidecars report the target revision.
 */

/** Where a move goes: read at run time, since the mesh's record says which revision is current. */
export interface MoveDirection<P> {
  from(ctx: LifecycleContext<P>, record: MeshRecord): string;
  to(ctx: LifecycleContext<P>, record: MeshRecord): string;
  /** What to tell the user when verification fails (how to go back). */
  rollbackHint(ctx: LifecycleContext<P>, record: MeshRecord): string;
  /** Namespaces to relabel when the request names none (a rollback: every namespace on the revision left). */
  defaultNamespaces?: boolean;
  /** The Istio version of the revision tags move away from (istio/istio#59959 depends on it). */
  fromVersion(ctx: LifecycleContext<P>, record: MeshRecord): Promise<string>;
}

type Ctx<P> = LifecycleContext<P>;

const WEBHOOK_API = 'admissionregistration.k8s.io/v1';
const webhookRef = (name: string) => ({ apiVersion: WEBHOOK_API, kind: 'MutatingWebhookConfiguration', name });
const namespaceRef = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', name });
const deploymentRef = (namespace: string, name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name });

/** The mesh's clusters: control plane first, then members. */
export function meshClusters(record: MeshRecord): string[] {
  return [record.controlPlaneCluster, ...record.members.map(m => m.cluster)];
}

/** Clients for every cluster of the mesh. */
export async function meshClients(ctx: Ctx<unknown>, record: MeshRecord): Promise<ClusterClient[]> {
  return Promise.all(meshClusters(record).map(c => ctx.services.clusters.forCluster(c)));
}

/** The revision tags of one cluster: tag name to the revision it points at. */
export async function tagsOf(client: ClusterClient): Promise<Map<string, string>> {
  const webhooks = await client.list<V1MutatingWebhookConfiguration>(WEBHOOK_API, 'MutatingWebhookConfiguration', {
    labelSelector: TAG_LABEL,
  });
  return new Map(webhooks.map(w => [w.metadata!.labels![TAG_LABEL], tagRevision(w) ?? '']));
}

/** The tags to move: those asked for, else every tag that points at `from` in some cluster of the mesh. */
async function tagsToMove(ctx: Ctx<RevisionMove>, clients: ClusterClient[], from: string): Promise<string[]> {
  if (ctx.params.tags) return ctx.params.tags;
  const found = new Set<string>();
  for (const client of clients) {
    for (const [tag, revision] of await tagsOf(client)) if (revision === from) found.add(tag);
  }
  return [...found].sort();
}

async function desiredTagWebhook(ctx: Ctx<RevisionMove>, client: ClusterClient, tag: string, to: string) {
  const injector = await client.get<V1MutatingWebhookConfiguration>(webhookRef(injectorWebhookName(to)));
  if (!injector) {
    throw new StepError(`revision ${to} has no injector webhook ${injectorWebhookName(to)} in ${client.cluster}`, {
      hint: `Revision ${to} must be installed in every cluster of the mesh before tags move to it`,
    });
  }
  return tagWebhookManifest(tag, to, injector, ctx.meshId);
}

/**
 * Moves each tag in every cluster of the mesh by server-side applying its
 * webhook configuration for the target revision over the old one: the tag
 * injects with the old revision until the write and with the new one after.
 */
export function moveTagsStep<P extends RevisionMove>(direction: MoveDirection<P>): LifecycleStep<P> {
  return {
    id: 'move-tags',
    title: 'Move the revision tags to the target revision in every cluster of the mesh',
    async plan(ctx) {
      const record = await meshRecord(ctx.services, ctx.params.meshId);
      const clients = await meshClients(ctx, record);
      const to = direction.to(ctx, record);
      const tags = await tagsToMove(ctx, clients, direction.from(ctx, record));
      const changes = [];
      for (const client of clients) {
        const injector = await client.get<V1MutatingWebhookConfiguration>(webhookRef(injectorWebhookName(to)));
        for (const tag of tags) {
          changes.push(
            injector
              ? await planApply(client, tagWebhookManifest(tag, to, injector, ctx.meshId), `tag ${tag} → revision ${to}`)
              : plannedChange(client.cluster, webhookRef(tagWebhookName(tag)), 'update', `tag ${tag} → revision ${to} (once installed)`),
          );
        }
      }
      const risk = tags.length ? emptyPushBugRisk(await direction.fromVersion(ctx, record)) : undefined;
      return { ...noChanges(), changes, warnings: risk ? [`${risk}; accepted (acceptEmptyPushRisk): restart the gateways after the move`] : [] };
    },
    async run(ctx) {
      const record = await meshRecord(ctx.services, ctx.params.meshId);
      const clients = await meshClients(ctx, record);
      const to = direction.to(ctx, record);
      const tags = await tagsToMove(ctx, clients, direction.from(ctx, record));
      const risk = tags.length ? emptyPushBugRisk(await direction.fromVersion(ctx, record)) : undefined;
      if (risk) ctx.log.warn(`${risk}; accepted (acceptEmptyPushRisk): restart the gateways after the move`);
      const lines: string[] = [];
      for (const client of clients) {
        for (const tag of tags) {
          const desired = await desiredTagWebhook(ctx, client, tag, to);
          lines.push(describeOutcome(await applyObject(client, desired), webhookRef(tagWebhookName(tag)), client.cluster));
        }
      }
      return {
        detail: tags.length ? `tags ${tags.join(', ')} point at revision ${to}: ${lines.join('; ')}` : 'no tag to move',
        state: { movedTags: tags },
        outputs: { movedTags: tags.join(',') },
      };
    },
  };
}

/** The namespaces to relabel: those asked for, else (rollback) every namespace of the mesh labelled with `from`. */
async function namespacesToMove<P extends RevisionMove>(
  ctx: Ctx<P>,
  direction: MoveDirection<P>,
  clients: ClusterClient[],
  from: string,
): Promise<ClusterNamespace[]> {
  if (ctx.params.namespaces.length || !direction.defaultNamespaces) return ctx.params.namespaces;
  const found: ClusterNamespace[] = [];
  for (const client of clients) {
    const namespaces = await client.list<V1Namespace>('v1', 'Namespace', { labelSelector: `${REV_LABEL}=${from}` });
    found.push(...namespaces.map(n => ({ cluster: client.cluster, namespace: n.metadata!.name! })));
  }
  return found;
}

function clientFor(clients: ClusterClient[], cluster: string): ClusterClient {
  const client = clients.find(c => c.cluster === cluster);
  if (!client) throw new StepError(`cluster '${cluster}' is not in the mesh any more`);
  return client;
}

/** Sets `istio.io/rev` of the namespaces to the target revision (a merge patch: the namespace's other labels stay). */
export function relabelNamespacesStep<P extends RevisionMove>(direction: MoveDirection<P>): LifecycleStep<P> {
  return {
    id: 'move-namespaces',
    title: "Set the namespaces' istio.io/rev label to the target revision",
    async plan(ctx) {
      const record = await meshRecord(ctx.services, ctx.params.meshId);
      const clients = await meshClients(ctx, record);
      const to = direction.to(ctx, record);
      const namespaces = await namespacesToMove(ctx, direction, clients, direction.from(ctx, record));
      const changes = [];
      for (const { cluster, namespace } of namespaces) {
        const current = await clientFor(clients, cluster).get<V1Namespace>(namespaceRef(namespace));
        const same = current?.metadata?.labels?.[REV_LABEL] === to;
        changes.push(plannedChange(cluster, namespaceRef(namespace), same ? 'unchanged' : 'update', `${REV_LABEL}=${to}`));
      }
      return { ...noChanges(), changes };
    },
    async run(ctx) {
      const record = await meshRecord(ctx.services, ctx.params.meshId);
      const clients = await meshClients(ctx, record);
      const to = direction.to(ctx, record);
      const namespaces = await namespacesToMove(ctx, direction, clients, direction.from(ctx, record));
      for (const { cluster, namespace } of namespaces) {
        await clientFor(clients, cluster).mergePatch(namespaceRef(namespace), { metadata: { labels: { [REV_LABEL]: to } } });
      }
      return {
        detail: namespaces.length
          ? `${REV_LABEL}=${to} on ${namespaces.map(n => `${n.cluster}/${n.namespace}`).join(', ')}`
          : 'no namespace to relabel',
        state: { movedNamespaces: namespaces.map(n => `${n.cluster}/${n.namespace}`) },
      };
    },
  };
}

/** Label selectors of the namespaces injected through the moved tags or the target revision. */
function injectedNamespaceSelectors(tags: string[], to: string): string[] {
  const selectors = [`${REV_LABEL} in (${[...new Set([...tags, to])].join(',')})`];
  return tags.includes('default') ? [...selectors, 'istio-injection=enabled'] : selectors;
}

/** Whether a Deployment's live pods carry a sidecar of another revision than `to`. */
function notOnRevision(deployment: V1Deployment, pods: V1Pod[], to: string): boolean {
  const selector = deployment.spec?.selector?.matchLabels ?? {};
  const own = pods.filter(
    p => !p.metadata?.deletionTimestamp && Object.entries(selector).every(([k, v]) => p.metadata?.labels?.[k] === v),
  );
  return own.some(p => hasSidecar(p) && sidecarRevision(p) !== to);
}

/**
 * The Deployments to restart: those asked for, else those injected through a
 * moved tag or namespace whose sidecars are not on `to`, but for the mesh's gateways.
 */
async function workloadsToRestart(ctx: Ctx<RevisionMove>, clients: ClusterClient[], tags: string[], to: string): Promise<ClusterWorkload[]> {
  if (ctx.params.restart.workloads) return ctx.params.restart.workloads;
  const found: ClusterWorkload[] = [];
  for (const client of clients) {
    const namespaces = new Set<string>();
    for (const labelSelector of injectedNamespaceSelectors(tags, to)) {
      (await client.list<V1Namespace>('v1', 'Namespace', { labelSelector })).forEach(n => namespaces.add(n.metadata!.name!));
    }
    for (const namespace of [...namespaces].sort()) {
      const [deployments, pods] = await Promise.all([
        client.list<V1Deployment>('apps/v1', 'Deployment', { namespace }),
        client.list<V1Pod>('v1', 'Pod', { namespace }),
      ]);
      deployments
        // The mesh's own gateways move in steps of their own (move-eastwest, move-gateways), their
        // chart's revision with them: restarted here too, they would roll out twice.
        .filter(d => d.metadata?.labels?.[MESH_ID_LABEL] !== ctx.params.meshId)
        .filter(d => notOnRevision(d, pods, to))
        .forEach(d => found.push({ cluster: client.cluster, namespace, name: d.metadata!.name! }));
    }
  }
  return found;
}

const workloadName = (w: ClusterWorkload) => `${w.cluster}/${w.namespace}/${w.name}`;

/**
 * Fixes, once, which Deployments the restart works on and the restart
 * mark, so that a resumed operation restarts the same ones and nothing twice.
 */
export function chooseRestartStep<P extends RevisionMove>(direction: MoveDirection<P>): LifecycleStep<P> {
  return {
    id: 'choose-workloads',
    title: 'Choose the Deployments to restart and the restart mark',
    plan: nothingToPlan,
    async run(ctx) {
      const record = await meshRecord(ctx.services, ctx.params.meshId);
      const clients = await meshClients(ctx, record);
      const to = direction.to(ctx, record);
      // The tags moved now and any other tag on the target (moved by an earlier run whose restarts did not finish).
      const tags = new Set(Array.isArray(ctx.state.movedTags) ? ctx.state.movedTags.map(String) : []);
      for (const client of clients) {
        for (const [tag, revision] of await tagsOf(client)) if (revision === to) tags.add(tag);
      }
      const workloads = await workloadsToRestart(ctx, clients, [...tags].sort(), to);
      return {
        detail: `${workloads.length} Deployments to restart: ${workloads.map(workloadName).join(', ') || 'none'}`,
        state: { workloads: workloads.map(workloadName), restartedAt: new Date().toISOString() },
      };
    },
  };
}

function chosen(ctx: Ctx<RevisionMove>): { workloads: ClusterWorkload[]; restartedAt: string } {
  const { workloads, restartedAt } = ctx.state;
  if (!Array.isArray(workloads) || typeof restartedAt !== 'string') {
    throw new Error('the operation has no chosen Deployments: the step choose-workloads did not run');
  }
  return {
    workloads: workloads.map(String).map(w => {
      const [cluster, namespace, name] = w.split('/');
      return { cluster, namespace, name };
    }),
    restartedAt,
  };
}

async function restartOne(client: ClusterClient, w: ClusterWorkload, restartedAt: string): Promise<void> {
  const deployment = await client.get<V1Deployment>(deploymentRef(w.namespace, w.name));
  if (!deployment) {
    throw new StepError(`Deployment ${w.namespace}/${w.name} is no longer in ${w.cluster}`, { hint: 'Start the operation again without it' });
  }
  if (!carriesRestartMark(deployment, restartedAt)) await client.mergePatch(deploymentRef(w.namespace, w.name), restartPatch(restartedAt));
}

async function rolloutOf(client: ClusterClient, w: ClusterWorkload): Promise<string | undefined> {
  const [deployment, replicaSets, pods] = await Promise.all([
    client.get<V1Deployment>(deploymentRef(w.namespace, w.name)),
    client.list<V1ReplicaSet>('apps/v1', 'ReplicaSet', { namespace: w.namespace }),
    client.list<V1Pod>('v1', 'Pod', { namespace: w.namespace }),
  ]);
  if (!deployment) return `Deployment ${workloadName(w)} is gone`;
  const problem = rolloutProblem(deployment, replicaSets, pods);
  return problem ? `${workloadName(w)}: ${problem}` : undefined;
}

/** Rollout restarts in batches of `restart.batchSize`, each batch rolled out before the next starts. */
export function restartStep<P extends RevisionMove>(): LifecycleStep<P> {
  return {
    id: 'rollout-restart',
    title: 'Restart the Deployments in batches, each batch rolled out before the next',
    plan: nothingToPlan,
    async run(ctx) {
      const { workloads, restartedAt } = chosen(ctx);
      const groups = batches(workloads, ctx.params.restart.batchSize);
      for (const [index, group] of groups.entries()) {
        const clients = await Promise.all(group.map(w => ctx.services.clusters.forCluster(w.cluster)));
        for (const [i, w] of group.entries()) await restartOne(clients[i], w, restartedAt);
        ctx.log.info(`batch ${index + 1} of ${groups.length}: restarted ${group.map(workloadName).join(', ')}; waiting for the rollout`);
        await waitUntil(
          `the rollout of batch ${index + 1} (${group.map(workloadName).join(', ')})`,
          async () => {
            for (const [i, w] of group.entries()) {
              const problem = await rolloutOf(clients[i], w);
              if (problem) return problem;
            }
            return undefined;
          },
          {
            timeoutMs: ctx.services.config.waitTimeoutMs,
            signal: ctx.signal,
            hint: 'Look at the events of the Deployment and its pods, then retry: Deployments already restarted are not restarted again',
          },
        );
      }
      return { detail: `restarted ${workloads.length} Deployments in ${groups.length} batches, all rolled out`, outputs: { restarted: workloads.length } };
    },
  };
}

/**
 * Every restarted Deployment's live pods carry a sidecar of the target
 * revision. A failure stops the operation before anything is removed and
 * says how to go back.
 */
export function verifyStep<P extends RevisionMove>(direction: MoveDirection<P>): LifecycleStep<P> {
  return {
    id: 'verify',
    title: 'Check that the restarted workloads report the target revision',
    plan: nothingToPlan,
    async run(ctx) {
      const record = await meshRecord(ctx.services, ctx.params.meshId);
      const to = direction.to(ctx, record);
      const wrong: string[] = [];
      for (const w of chosen(ctx).workloads) {
        const client = await ctx.services.clusters.forCluster(w.cluster);
        const deployment = await client.get<V1Deployment>(deploymentRef(w.namespace, w.name));
        const pods = await client.list<V1Pod>('v1', 'Pod', { namespace: w.namespace });
        if (!deployment || notOnRevision(deployment, pods, to)) wrong.push(workloadName(w));
      }
      if (wrong.length) {
        throw new StepError(`${wrong.length} Deployments have sidecars of another revision than ${to}: ${wrong.slice(0, 5).join(', ')}`, {
          hint: `Nothing was removed. ${direction.rollbackHint(ctx, record)}`,
        });
      }
      return { detail: `every restarted Deployment's pods report revision ${to}`, outputs: { verifiedRevision: to } };
    },
  };
}

/**
 * Refuses to remove `revision` while anything of the mesh still uses it: a
 * pod with its sidecar, a tag or a namespace pointing at it.
 */
export async function revisionUsers(clients: ClusterClient[], revision: string): Promise<string[]> {
  const users: string[] = [];
  for (const client of clients) {
    const pods = await client.list<V1Pod>('v1', 'Pod', { labelSelector: `${REV_LABEL}=${revision}` });
    pods
      .filter(p => !p.metadata?.deletionTimestamp && hasSidecar(p))
      .forEach(p => users.push(`pod ${p.metadata!.namespace}/${p.metadata!.name} in ${client.cluster}`));
    for (const [tag, target] of await tagsOf(client)) if (target === revision) users.push(`tag ${tag} in ${client.cluster}`);
    const namespaces = await client.list<V1Namespace>('v1', 'Namespace', { labelSelector: `${REV_LABEL}=${revision}` });
    namespaces.forEach(n => users.push(`namespace ${n.metadata!.name} in ${client.cluster}`));
  }
  return users;
}
