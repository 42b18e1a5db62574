import type { KubernetesObject } from '@kubernetes/client-node';
import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import type { ClusterClient } from '../clusters/ClusterClient';
import type { HelmCallOptions, HelmRunner } from '../helm/HelmRunner';
import { helmOptions, LifecycleContext, LifecycleStep, meshRecord, noChanges } from './common';
import { CROSS_NETWORK_GATEWAY_REF, EAST_WEST_RELEASE } from './eastWest';
import { gatewayMeshOf } from './gatewayValues';
import { ISTIO_NAMESPACE, MESH_ID_LABEL } from './names';
import { describeOutcome, planDelete } from './objectChanges';
import { uninstallStep, UninstallTarget } from './steps';

/*
 * Removal of what `cluster.join` built for other networks: a leaving
 * member's east-west gateway, and the control plane's east-west gateway and
 * cross-network Gateway once no member is left on another network (at the
 * latest when the mesh is deleted). Only what Meshfleet made for this mesh
 * goes: a release or Gateway of the same name that is not labelled with the
 * mesh's id is someone else's and stays.
 */

/** Parameters of the kinds that remove east-west gateways: the mesh, and the member that leaves (if one does). */
interface RemovalParams {
  meshId: string;
  cluster?: string;
}

type Ctx<P extends RemovalParams> = LifecycleContext<P>;

/** Members still on another network than the control plane's once `leaving` is gone. */
function crossNetworkMembers(record: MeshRecord, leaving: string | undefined): string[] {
  return record.members
    .filter(m => m.cluster !== leaving && !!record.controlPlaneNetwork && m.network !== record.controlPlaneNetwork)
    .map(m => m.cluster);
}

/** The east-west release in a cluster with its values when it is the mesh's, else undefined (absent or someone else's). */
export async function ownedEastWest(
  helm: HelmRunner,
  cluster: string,
  meshId: string,
  options: HelmCallOptions,
): Promise<{ target: NonNullable<UninstallTarget>; values: Record<string, unknown> } | undefined> {
  const target = { cluster, release: EAST_WEST_RELEASE, namespace: ISTIO_NAMESPACE, chart: 'gateway' };
  if (!(await helm.status(target, options))) return undefined;
  const values = (await helm.getValues(target, options)) ?? {};
  return gatewayMeshOf(values) === meshId ? { target, values } : undefined;
}

/** `cluster.leave`: uninstall the leaving member's east-west gateway (if the mesh made one). */
export function memberEastWestRemoval<P extends RemovalParams & { cluster: string }>(): LifecycleStep<P> {
  return uninstallStep<P>('eastwest-member', "Uninstall the member's east-west gateway (if the mesh made one)", async ctx =>
    (await ownedEastWest(ctx.services.helm, ctx.params.cluster, ctx.params.meshId, helmOptions(ctx)))?.target,
  );
}

/**
 * Why the control plane's east-west part stays, if it does: the mesh is
 * external (Meshfleet installed nothing), or members on other networks still
 * use it.
 */
async function keepReason<P extends RemovalParams>(ctx: Ctx<P>): Promise<{ record: MeshRecord; keep?: string }> {
  const record = await meshRecord(ctx.services, ctx.params.meshId);
  if (record.type === 'external') return { record, keep: 'external mesh: nothing to remove' };
  const users = crossNetworkMembers(record, ctx.params.cluster);
  return users.length
    ? { record, keep: `kept: ${users.join(', ')} on other networks still reach the control plane's services through it` }
    : { record };
}

/** Uninstall the control plane's east-west gateway once no member on another network is left. */
export function controlPlaneEastWestRemoval<P extends RemovalParams>(): LifecycleStep<P> {
  const uninstall = uninstallStep<P>('eastwest-control-plane', "Uninstall the control plane's east-west gateway (once no member is on another network)", async ctx => {
    const { record, keep } = await keepReason(ctx);
    return keep ? undefined : (await ownedEastWest(ctx.services.helm, record.controlPlaneCluster, record.id, helmOptions(ctx)))?.target;
  });
  return {
    ...uninstall,
    async run(ctx) {
      const { keep } = await keepReason(ctx);
      return keep ? { detail: keep } : uninstall.run(ctx);
    },
  };
}

function isMeshs(object: KubernetesObject | undefined, meshId: string): boolean {
  return object?.metadata?.labels?.[MESH_ID_LABEL] === meshId;
}

/** Delete the cross-network Gateway from the control plane once no member on another network is left. */
export function crossNetworkGatewayRemoval<P extends RemovalParams>(): LifecycleStep<P> {
  const target = async (ctx: Ctx<P>): Promise<{ keep?: string; controlPlane?: ClusterClient; existing?: KubernetesObject }> => {
    const { record, keep } = await keepReason(ctx);
    if (keep) return { keep };
    const controlPlane = await ctx.services.clusters.forCluster(record.controlPlaneCluster);
    return { controlPlane, existing: await controlPlane.get(CROSS_NETWORK_GATEWAY_REF) };
  };
  return {
    id: 'cross-network-gateway',
    title: 'Remove the cross-network Gateway from the control plane (once no member is on another network)',
    async plan(ctx) {
      const { keep, controlPlane, existing } = await target(ctx);
      if (keep || !controlPlane || !isMeshs(existing, ctx.params.meshId)) return noChanges();
      return { ...noChanges(), changes: [await planDelete(controlPlane, CROSS_NETWORK_GATEWAY_REF)] };
    },
    async run(ctx) {
      const { keep, controlPlane, existing } = await target(ctx);
      if (keep || !controlPlane) return { detail: keep ?? 'nothing to remove' };
      if (existing && !isMeshs(existing, ctx.params.meshId)) {
        return { detail: `kept Gateway ${ISTIO_NAMESPACE}/${CROSS_NETWORK_GATEWAY_REF.name} in ${controlPlane.cluster}: not labelled as mesh ${ctx.params.meshId}'s` };
      }
      const outcome = await controlPlane.delete(CROSS_NETWORK_GATEWAY_REF);
      return { detail: describeOutcome(outcome, CROSS_NETWORK_GATEWAY_REF, controlPlane.cluster) };
    },
  };
}
