import type { ClusterLeaveParams } from './clusterLeave';
import { LifecycleContext, LifecycleStep, meshAndMember, meshRecord, noChanges, nothingToPlan, waitOptions } from './common';
import { uninstallStep } from './steps';
import { controlPlaneEastWestRemoval, crossNetworkGatewayRemoval, memberEastWestRemoval } from './eastWestRemoval';
import { istiodInstalled, registryzClusters } from './istiod';
import { planLeftovers, removeLeftovers } from './leftovers';
import { BASE_RELEASE, ISTIO_NAMESPACE, remoteRelease, remoteSecretName } from './names';
import { describeOutcome, planDelete } from './objectChanges';
import { waitUntil } from './waits';

type Ctx = LifecycleContext<ClusterLeaveParams>;
type Step = LifecycleStep<ClusterLeaveParams>;

function clustersOf(ctx: Ctx) {
  return meshAndMember(ctx.services, ctx.params.meshId, ctx.params.cluster);
}

function remoteSecretRef(cluster: string) {
  return { apiVersion: 'v1', kind: 'Secret', namespace: ISTIO_NAMESPACE, name: remoteSecretName(cluster) };
}

const removeRemoteSecret: Step = {
  id: 'remote-secret',
  title: "Remove the member's remote secret from the control plane",
  async plan(ctx) {
    const { controlPlane } = await clustersOf(ctx);
    return { ...noChanges(), changes: [await planDelete(controlPlane, remoteSecretRef(ctx.params.cluster))] };
  },
  async run(ctx) {
    const { controlPlane } = await clustersOf(ctx);
    const ref = remoteSecretRef(ctx.params.cluster);
    return { detail: describeOutcome(await controlPlane.delete(ref), ref, controlPlane.cluster) };
  },
};

const verifyForgotten: Step = {
  id: 'verify-removed',
  title: "Verify that istiod no longer lists the member's services",
  plan: nothingToPlan,
  async run(ctx) {
    const { record, controlPlane } = await clustersOf(ctx);
    await waitUntil(
      `istiod in ${controlPlane.cluster} to forget ${ctx.params.cluster}`,
      async () => {
        if (!(await istiodInstalled(controlPlane, record.revision))) return undefined;
        const count = (await registryzClusters(controlPlane, record.revision)).get(ctx.params.cluster) ?? 0;
        return count === 0 ? undefined : `/debug/registryz still lists ${count} services of ${ctx.params.cluster}`;
      },
      {
        timeoutMs: ctx.services.config.waitTimeoutMs,
        signal: ctx.signal,
        hint: `Check istiod's log in ${controlPlane.cluster}, then retry`,
      },
    );
    return { detail: `istiod in ${controlPlane.cluster} lists no service of ${ctx.params.cluster}` };
  },
};

/** The member's release of the mesh's revision. */
function memberRelease(release: (revision: string) => string, chart: string) {
  return async (ctx: Ctx) => {
    const record = await meshRecord(ctx.services, ctx.params.meshId);
    return { cluster: ctx.params.cluster, release: release(record.revision), namespace: ISTIO_NAMESPACE, chart };
  };
}

function memberScope(ctx: Ctx) {
  return { meshId: ctx.params.meshId, namespaces: [ISTIO_NAMESPACE], secretNamespaces: [ISTIO_NAMESPACE] };
}

const removeMemberObjects: Step = {
  id: 'member-objects',
  title: "Remove the mesh's remaining objects from the member (cacerts, reader token, istiod's ConfigMaps, labels)",
  async plan(ctx) {
    const { member } = await clustersOf(ctx);
    return { ...noChanges(), changes: await planLeftovers(member, memberScope(ctx)) };
  },
  async run(ctx) {
    const { member } = await clustersOf(ctx);
    return { detail: await removeLeftovers(member, memberScope(ctx), waitOptions(ctx)) };
  },
};

const unregisterMember: Step = {
  id: 'unregister-member',
  title: 'Remove the cluster from the mesh’s members',
  plan: nothingToPlan,
  async run(ctx) {
    const { meshId, cluster } = ctx.params;
    const record = await meshRecord(ctx.services, meshId);
    if (!record.members.some(m => m.cluster === cluster)) {
      return { detail: `${cluster} was no longer recorded as a member of ${meshId}` };
    }
    // The permission was checked when the operation started: no guard here.
    await ctx.services.registry.removeMember(meshId, cluster, undefined, () => {});
    return { detail: `removed ${cluster} from the members of ${meshId}` };
  },
};

/**
 * The steps of `cluster.leave`: the reverse of `cluster.join`. The control
 * plane's east-west part goes with the last member on another network.
 */
export function clusterLeaveSteps(): Step[] {
  return [
    memberEastWestRemoval<ClusterLeaveParams>(),
    crossNetworkGatewayRemoval<ClusterLeaveParams>(),
    controlPlaneEastWestRemoval<ClusterLeaveParams>(),
    removeRemoteSecret,
    verifyForgotten,
    uninstallStep('helm-istiod-remote', "Uninstall Istio's remote profile from the member", memberRelease(remoteRelease, 'istiod')),
    uninstallStep(
      'helm-base',
      "Uninstall Istio's base chart from the member (its CRDs stay, as Istio keeps them)",
      memberRelease(() => BASE_RELEASE, 'base'),
    ),
    removeMemberObjects,
    unregisterMember,
  ];
}
