import type { V1Deployment, V1Namespace } from '@kubernetes/client-node';
import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import type { ClusterClient } from '../clusters/ClusterClient';
import type { HelmReleaseSpec } from '../helm/HelmRunner';
import { helmOptions, LifecycleContext, LifecycleStep, meshRecord, noChanges, waitOptions } from './common';
import { EAST_WEST_RELEASE } from './eastWest';
import { gatewayMeshOf } from './gatewayValues';
import { convergeRelease, describeRelease, planRelease } from './helmReleases';
import { plannedChange } from './objectChanges';
import { chartRevision, ISTIO_NAMESPACE, MESH_ID_LABEL } from './names';
import { meshClusters, MoveDirection } from './revisionMoveSteps';
import { REV_LABEL } from './revisionTags';
import { deploymentRolloutProblem } from './rollout';
import type { RevisionMove } from './upgradeParams';
import { waitUntil } from './waits';

/*
 * The gateways gateway.create installed are workloads of one istiod revision
 * (the chart's `revision` value, and their namespace's injection label): an
 * upgrade moves those on the revision it leaves to the new revision and the
 * chart of its version, a rollback moves them back, so the old revision can
 * be removed without deleting anyone's gateway. The east-west gateways have a
 * step of their own (move-eastwest).
 */

const RELEASE_NAME_ANNOTATION = 'meta.helm.sh/release-name';
const RELEASE_NAMESPACE_ANNOTATION = 'meta.helm.sh/release-namespace';
const INJECTION_LABEL = 'istio-injection';

/** One gateway release of the mesh on the revision moved from (or already on the target). */
interface MovedGateway {
  spec: HelmReleaseSpec;
  client: ClusterClient;
}

/** The revision a gateway release's values run it on (`default` without one). */
function valuesRevision(values: Record<string, unknown>): string {
  return typeof values.revision === 'string' && values.revision ? values.revision : 'default';
}

/** The values with the revision replaced (none for `default`, as gateway.create writes them). Pure. */
export function withRevision(values: Record<string, unknown>, revision: string): Record<string, unknown> {
  const { revision: _old, ...rest } = values;
  const chart = chartRevision(revision);
  return chart ? { ...rest, revision: chart } : rest;
}

/** The mesh's gateway releases in one cluster whose revision is `from` or `to`, found by the mesh-id label of their Deployments. */
async function gatewaysIn<P extends RevisionMove>(
  ctx: LifecycleContext<P>,
  client: ClusterClient,
  record: MeshRecord,
  revisions: { from: string; to: string },
  version: string,
): Promise<MovedGateway[]> {
  const deployments = await client.list<V1Deployment>('apps/v1', 'Deployment', { labelSelector: `${MESH_ID_LABEL}=${record.id}` });
  const moved: MovedGateway[] = [];
  for (const deployment of deployments) {
    const release = deployment.metadata?.annotations?.[RELEASE_NAME_ANNOTATION];
    const namespace = deployment.metadata?.annotations?.[RELEASE_NAMESPACE_ANNOTATION] ?? deployment.metadata?.namespace;
    if (!release || !namespace || (release === EAST_WEST_RELEASE && namespace === ISTIO_NAMESPACE)) continue;
    const values = await ctx.services.helm.getValues({ cluster: client.cluster, release, namespace }, helmOptions(ctx));
    // Only what the mesh's own gateway.create wrote: another tool's release is never taken over.
    if (!values || gatewayMeshOf(values) !== record.id) continue;
    const revision = valuesRevision(values);
    if (revision !== revisions.from && revision !== revisions.to) continue;
    moved.push({
      client,
      spec: { cluster: client.cluster, release, namespace, chart: 'gateway', version, values: withRevision(values, revisions.to) },
    });
  }
  return moved;
}

async function meshGateways<P extends RevisionMove>(
  ctx: LifecycleContext<P>,
  direction: MoveDirection<P>,
  toVersion: (ctx: LifecycleContext<P>, record: MeshRecord) => Promise<string>,
): Promise<MovedGateway[]> {
  const record = await meshRecord(ctx.services, ctx.params.meshId);
  const revisions = { from: direction.from(ctx, record), to: direction.to(ctx, record) };
  const version = await toVersion(ctx, record);
  const found: MovedGateway[] = [];
  for (const cluster of meshClusters(record)) {
    const client = await ctx.services.clusters.forCluster(cluster);
    found.push(...(await gatewaysIn(ctx, client, record, revisions, version)));
  }
  return found;
}

/**
 * The namespace's injection label moved from `from` to `to` (a merge patch:
 * its other labels stay), or nothing when it does not name `from`: the
 * namespace label wins over the pod's, so a gateway pod would otherwise still
 * be injected by the old revision. Pure.
 */
export function namespaceLabelPatch(namespace: V1Namespace | undefined, from: string, to: string): Record<string, string | null> | undefined {
  const labels = namespace?.metadata?.labels ?? {};
  const onFrom = from === 'default' ? labels[INJECTION_LABEL] === 'enabled' && !labels[REV_LABEL] : labels[REV_LABEL] === from;
  if (!onFrom) return undefined;
  return to === 'default' ? { [REV_LABEL]: null, [INJECTION_LABEL]: 'enabled' } : { [INJECTION_LABEL]: null, [REV_LABEL]: to };
}

async function relabelNamespace(client: ClusterClient, name: string, from: string, to: string): Promise<string | undefined> {
  const ref = { apiVersion: 'v1', kind: 'Namespace', name };
  const patch = namespaceLabelPatch(await client.get<V1Namespace>(ref), from, to);
  if (!patch) return undefined;
  await client.mergePatch(ref, { metadata: { labels: patch } });
  return `namespace ${name} in ${client.cluster} labelled for revision ${to}`;
}

/** Moves the mesh's gateways (gateway.create's) to the direction's target revision and waits until they rolled out. */
export function moveGatewaysStep<P extends RevisionMove>(
  direction: MoveDirection<P>,
  toVersion: (ctx: LifecycleContext<P>, record: MeshRecord) => Promise<string>,
): LifecycleStep<P> {
  return {
    id: 'move-gateways',
    title: "Move the mesh's gateways to the target revision",
    async plan(ctx) {
      const record = await meshRecord(ctx.services, ctx.params.meshId);
      const [from, to] = [direction.from(ctx, record), direction.to(ctx, record)];
      const gateways = await meshGateways(ctx, direction, toVersion);
      const changes = [];
      for (const { client, spec } of gateways) {
        const ref = { apiVersion: 'v1', kind: 'Namespace', name: spec.namespace };
        if (namespaceLabelPatch(await client.get<V1Namespace>(ref), from, to)) {
          changes.push(plannedChange(spec.cluster, ref, 'update', `injection by istiod revision ${to}`));
        }
      }
      const helmReleases = await Promise.all(gateways.map(g => planRelease(ctx.services.helm, g.spec, helmOptions(ctx))));
      return { ...noChanges(), changes, helmReleases };
    },
    async run(ctx) {
      const record = await meshRecord(ctx.services, ctx.params.meshId);
      const [from, to] = [direction.from(ctx, record), direction.to(ctx, record)];
      const gateways = await meshGateways(ctx, direction, toVersion);
      if (gateways.length === 0) return { detail: `the mesh has no gateway on revision ${from}` };
      const lines: string[] = [];
      for (const { client, spec } of gateways) {
        const relabelled = await relabelNamespace(client, spec.namespace, from, to);
        if (relabelled) lines.push(relabelled);
        lines.push(describeRelease(await convergeRelease(ctx.services.helm, spec, helmOptions(ctx)), spec));
      }
      for (const { client, spec } of gateways) {
        const name = `${spec.namespace}/${spec.release}`;
        await waitUntil(
          `gateway ${name} in ${spec.cluster} to roll out on revision ${to}`,
          async () =>
            deploymentRolloutProblem(
              await client.get<V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: spec.namespace, name: spec.release }),
              name,
            ),
          { ...waitOptions(ctx), hint: direction.rollbackHint(ctx, record) },
        );
      }
      return { detail: lines.join('; ') };
    },
  };
}
