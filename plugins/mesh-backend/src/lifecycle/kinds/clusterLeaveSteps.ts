import type { ClusterClient } from '../clusters/ClusterClient';
import type { ClusterLeaveParams } from './clusterLeave';
import { helmOptions, LifecycleContext, LifecycleStep, meshRecord, waitOptions } from './common';
import { planUninstall } from './helmReleases';
import { istiodInstalled, registryzClusters } from './istiod';
import { planLeftovers, removeLeftovers } from './leftovers';
import { BASE_RELEASE, ISTIO_NAMESPACE, remoteRelease, remoteSecretName } from './names';
import { describeOutcome, planDelete } from './objectChanges';
import { waitUntil } from './waits';

type Ctx = LifecycleContext<ClusterLeaveParams>;
type Step = LifecycleStep<ClusterLeaveParams>;

const NO_CHANGES = { changes: [], helmReleases: [], warnings: [] };

async function clustersOf(ctx: Ctx) {
  const record = await meshRecord(ctx.services, ctx.params.meshId);
  return {
    record,
    controlPlane: await ctx.services.clusters.forCluster(record.controlPlaneCluster),
    member: await ctx.services.clusters.forCluster(ctx.params.cluster),
  };
}

function remoteSecretRef(cluster: string) {
  return { apiVersion: 'v1', kind: 'Secret', namespace: ISTIO_NAMESPACE, name: remoteSecretName(cluster) };
}

const removeRemoteSecret: Step = {
  id: 'remote-secret',
  title: "Remove the member's remote secret from the control plane",
  async plan(ctx) {
    const { controlPlane } = await clustersOf(ctx);
    return { ...NO_CHANGES, changes: [await planDelete(controlPlane, remoteSecretRef(ctx.params.cluster))] };
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
  async plan() {
    return NO_CHANGES;
  },
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

function uninstallStep(id: string, title: string, release: (revision: string) => string, chart: string): Step {
  const target = async (ctx: Ctx) => {
    const { record } = await clustersOf(ctx);
    return { cluster: ctx.params.cluster, release: release(record.revision), namespace: ISTIO_NAMESPACE, chart };
  };
  return {
    id,
    title,
    async plan(ctx) {
      return { ...NO_CHANGES, helmReleases: [await planUninstall(ctx.services.helm, await target(ctx), helmOptions(ctx))] };
    },
    async run(ctx) {
      const t = await target(ctx);
      const outcome = await ctx.services.helm.uninstall(t, helmOptions(ctx));
      return { detail: `${outcome === 'absent' ? 'found no' : 'uninstalled'} Helm release ${t.release} in ${t.cluster}` };
    },
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
    return { ...NO_CHANGES, changes: await planLeftovers(member, memberScope(ctx)) };
  },
  async run(ctx) {
    const { member }: { member: ClusterClient } = await clustersOf(ctx);
    return { detail: await removeLeftovers(member, memberScope(ctx), waitOptions(ctx)) };
  },
};

const unregisterMember: Step = {
  id: 'unregister-member',
  title: 'Remove the cluster from the mesh’s members',
  async plan() {
    return NO_CHANGES;
  },
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

/** The steps of `cluster.leave`: the reverse of `cluster.join`. */
export function clusterLeaveSteps(): Step[] {
  return [
    removeRemoteSecret,
    verifyForgotten,
    uninstallStep('helm-istiod-remote', "Uninstall Istio's remote profile from the member", remoteRelease, 'istiod'),
    uninstallStep('helm-base', "Uninstall Istio's base chart from the member (its CRDs stay, as Istio keeps them)", () => BASE_RELEASE, 'base'),
    removeMemberObjects,
    unregisterMember,
  ];
}
