import type { V1Deployment } from '@kubernetes/client-node';
import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import type { HelmReleaseSpec } from '../helm/HelmRunner';
import { helmOptions, LifecycleContext, LifecycleStep, meshRecord, noChanges, waitOptions } from './common';
import { EAST_WEST_RELEASE, eastWestGatewayValues } from './eastWest';
import { ownedEastWest } from './eastWestRemoval';
import { convergeRelease, describeRelease, planRelease } from './helmReleases';
import { ISTIO_NAMESPACE } from './names';
import { meshClusters, MoveDirection } from './revisionMoveSteps';
import { deploymentRolloutProblem } from './rollout';
import type { RevisionMove } from './upgradeParams';
import { waitUntil } from './waits';

/*
 * The east-west gateways a multi-network join installed are workloads of the
 * mesh's revision like any other: an upgrade moves them to the new revision
 * (and the chart of its version), a rollback back, and the old revision can be
 * removed only once they moved (revisionUsers counts their pods).
 */

/** The mesh's east-west releases as they should be on the target revision and chart version. */
async function movedSpecs<P extends RevisionMove>(
  ctx: LifecycleContext<P>,
  record: MeshRecord,
  direction: MoveDirection<P>,
  toVersion: (ctx: LifecycleContext<P>, record: MeshRecord) => Promise<string>,
): Promise<HelmReleaseSpec[]> {
  const specs: HelmReleaseSpec[] = [];
  const version = await toVersion(ctx, record);
  for (const cluster of meshClusters(record)) {
    const owned = await ownedEastWest(ctx.services.helm, cluster, record.id, helmOptions(ctx));
    const network = owned?.values.networkGateway;
    if (!owned || typeof network !== 'string') continue;
    specs.push({
      ...owned.target,
      chart: 'gateway',
      version,
      values: eastWestGatewayValues({ meshId: record.id, revision: direction.to(ctx, record), network }),
    });
  }
  return specs;
}

/** Moves the mesh's east-west gateways to the direction's target revision and waits until they rolled out. */
export function moveEastWestStep<P extends RevisionMove>(
  direction: MoveDirection<P>,
  toVersion: (ctx: LifecycleContext<P>, record: MeshRecord) => Promise<string>,
): LifecycleStep<P> {
  return {
    id: 'move-eastwest',
    title: "Move the mesh's east-west gateways to the target revision",
    async plan(ctx) {
      const record = await meshRecord(ctx.services, ctx.params.meshId);
      const specs = await movedSpecs(ctx, record, direction, toVersion);
      return { ...noChanges(), helmReleases: await Promise.all(specs.map(s => planRelease(ctx.services.helm, s, helmOptions(ctx)))) };
    },
    async run(ctx) {
      const record = await meshRecord(ctx.services, ctx.params.meshId);
      const specs = await movedSpecs(ctx, record, direction, toVersion);
      if (specs.length === 0) return { detail: 'the mesh has no east-west gateway' };
      const lines: string[] = [];
      for (const spec of specs) lines.push(describeRelease(await convergeRelease(ctx.services.helm, spec, helmOptions(ctx)), spec));
      const name = `${ISTIO_NAMESPACE}/${EAST_WEST_RELEASE}`;
      for (const spec of specs) {
        const client = await ctx.services.clusters.forCluster(spec.cluster);
        await waitUntil(
          `east-west gateway ${name} in ${spec.cluster} to roll out on revision ${direction.to(ctx, record)}`,
          async () => deploymentRolloutProblem(await client.get<V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ISTIO_NAMESPACE, name: EAST_WEST_RELEASE }), name),
          { ...waitOptions(ctx), hint: direction.rollbackHint(ctx, record) },
        );
      }
      return { detail: lines.join('; ') };
    },
  };
}
