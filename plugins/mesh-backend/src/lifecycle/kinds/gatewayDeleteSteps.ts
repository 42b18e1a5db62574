import type { KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import type { ClusterClient } from '../clusters/ClusterClient';
import { describeRef, ObjectRef } from '../clusters/objectRefs';
import { LifecycleContext, LifecycleStep, noChanges, waitOptions } from './common';
import { GatewayRef, ofRelease } from './gatewayMesh';
import type { GatewayDeleteParams } from './gatewayParams';
import { CREATED_FOR_MESH_ANNOTATION } from './names';
import { plannedChange } from './objectChanges';
import { uninstallStep } from './steps';
import { waitUntil } from './waits';

type Step = LifecycleStep<GatewayDeleteParams>;
type Ctx = LifecycleContext<GatewayDeleteParams>;

/** The kinds of object Istio's gateway chart creates, each named after the release. */
const RELEASE_KINDS: Array<Pick<ObjectRef, 'apiVersion' | 'kind'>> = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
];

/** Objects of the gateway's release still in its namespace (Helm's uninstall normally leaves none). */
export async function remainingGatewayObjects(client: ClusterClient, ref: Pick<GatewayRef, 'namespace' | 'name'>): Promise<ObjectRef[]> {
  const found: ObjectRef[] = [];
  for (const kind of RELEASE_KINDS) {
    const objectRef = { ...kind, namespace: ref.namespace, name: ref.name };
    const object = await client.get<KubernetesObject>(objectRef);
    if (object && ofRelease(object, ref.name)) found.push(objectRef);
  }
  return found;
}

/** Pods of the gateway (they outlive their Deployment for a moment). */
async function gatewayPods(client: ClusterClient, ref: Pick<GatewayRef, 'namespace' | 'name'>): Promise<string[]> {
  const pods = await client.list('v1', 'Pod', { namespace: ref.namespace, labelSelector: `app.kubernetes.io/instance=${ref.name}` });
  return pods.map(p => p.metadata?.name ?? '');
}

const removeLeftovers: Step = {
  id: 'gateway-objects',
  title: "Verify that no object of the gateway's release is left (delete leftovers)",
  async plan(ctx) {
    const client = await ctx.services.clusters.forCluster(ctx.params.cluster);
    const left = await remainingGatewayObjects(client, ctx.params);
    return { ...noChanges(), changes: left.map(ref => plannedChange(client.cluster, ref, 'delete', 'left by the release')) };
  },
  async run(ctx) {
    const { cluster, namespace, name } = ctx.params;
    const client = await ctx.services.clusters.forCluster(cluster);
    const left = await remainingGatewayObjects(client, ctx.params);
    for (const ref of left) {
      await client.delete(ref);
      ctx.log.warn(`deleted ${describeRef(ref)} in ${cluster}, which Helm's uninstall left`);
    }
    await waitUntil(
      `the pods of gateway ${namespace}/${name} in ${cluster} to be gone`,
      async () => {
        const pods = await gatewayPods(client, ctx.params);
        return pods.length ? `${pods.length} pods left (${pods[0]}…)` : undefined;
      },
      { ...waitOptions(ctx), hint: `Look at the pods labelled app.kubernetes.io/instance=${name} in ${namespace} of ${cluster}, then retry` },
    );
    const summary = left.length ? `deleted ${left.length} leftovers: ${left.map(describeRef).join(', ')}` : 'no object of the release was left';
    return { detail: `${summary} in ${cluster}`, outputs: { leftovers: left.length } };
  },
};

/** Workload kinds whose presence keeps a namespace: someone else uses it. */
const WORKLOAD_KINDS: Array<Pick<ObjectRef, 'apiVersion' | 'kind'>> = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'Pod' },
];

/** Why the gateway's namespace stays (not created for the mesh, or holding others' objects), or undefined: it goes. */
async function namespaceKeepReason(ctx: Ctx, client: ClusterClient): Promise<string | undefined | 'absent'> {
  const { namespace, meshId } = ctx.params;
  const existing = await client.get<V1Namespace>({ apiVersion: 'v1', kind: 'Namespace', name: namespace });
  if (!existing) return 'absent';
  if (existing.metadata?.annotations?.[CREATED_FOR_MESH_ANNOTATION] !== meshId) return 'it was not created for the gateway';
  for (const kind of WORKLOAD_KINDS) {
    const objects = await client.list(kind.apiVersion, kind.kind, { namespace });
    // The gateway's own objects go with it: only others' keep the namespace.
    const others = objects.filter(o => !o.metadata?.deletionTimestamp && !ofRelease(o, ctx.params.name));
    if (others.length) return `it holds ${kind.kind} ${others[0].metadata?.name}`;
  }
  return undefined;
}

const removeNamespace: Step = {
  id: 'gateway-namespace',
  title: "Delete the gateway's namespace if it was created for the gateway and holds nothing else",
  async plan(ctx) {
    const client = await ctx.services.clusters.forCluster(ctx.params.cluster);
    const reason = await namespaceKeepReason(ctx, client);
    const ref = { apiVersion: 'v1', kind: 'Namespace', name: ctx.params.namespace };
    if (reason === 'absent') return noChanges();
    return { ...noChanges(), changes: [plannedChange(client.cluster, ref, reason === undefined ? 'delete' : 'unchanged', reason ?? 'created for the mesh')] };
  },
  async run(ctx) {
    const { cluster, namespace } = ctx.params;
    const client = await ctx.services.clusters.forCluster(cluster);
    const reason = await namespaceKeepReason(ctx, client);
    const ref = { apiVersion: 'v1', kind: 'Namespace', name: namespace };
    if (reason === 'absent') return { detail: `found no Namespace ${namespace} in ${cluster}` };
    if (reason) return { detail: `kept Namespace ${namespace} in ${cluster}: ${reason}` };
    await client.delete(ref);
    await waitUntil(
      `Namespace ${namespace} in ${cluster} to be deleted`,
      async () => ((await client.get(ref)) ? 'it is still terminating' : undefined),
      { ...waitOptions(ctx), hint: `Look at the namespace's status.conditions in ${cluster} (a finalizer may block it), then retry` },
    );
    return { detail: `deleted Namespace ${namespace} in ${cluster}` };
  },
};

/** The steps of `gateway.delete`. */
export function gatewayDeleteSteps(): Step[] {
  return [
    uninstallStep<GatewayDeleteParams>('helm-gateway', "Uninstall the gateway's Helm release", async ctx => ({
      cluster: ctx.params.cluster,
      release: ctx.params.name,
      namespace: ctx.params.namespace,
      chart: 'gateway',
    })),
    removeLeftovers,
    removeNamespace,
  ];
}
