import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import type { ClusterClient } from '../clusters/ClusterClient';
import { helmOptions, LifecycleContext, LifecycleStep, meshRecord, waitOptions } from './common';
import { planUninstall } from './helmReleases';
import { LeftoverScope, planLeftovers, removeLeftovers } from './leftovers';
import type { MeshDeleteParams } from './meshDelete';
import { BASE_RELEASE, CONTROL_PLANE_SERVICE, ISTIO_NAMESPACE, istiodRelease, MESH_ID_LABEL, MESHFLEET_NAMESPACE } from './names';
import { describeOutcome, planDelete } from './objectChanges';

type Ctx = LifecycleContext<MeshDeleteParams>;
type Step = LifecycleStep<MeshDeleteParams>;

const NO_CHANGES = { changes: [], helmReleases: [], warnings: [] };

const SERVICE_REF = { apiVersion: 'v1', kind: 'Service', namespace: ISTIO_NAMESPACE, name: CONTROL_PLANE_SERVICE };

/** The mesh and its control plane; no control plane for an external mesh (nothing is uninstalled). */
async function installed(ctx: Ctx): Promise<{ record: MeshRecord; controlPlane?: ClusterClient }> {
  const record = await meshRecord(ctx.services, ctx.params.meshId);
  if (record.type === 'external') return { record };
  return { record, controlPlane: await ctx.services.clusters.forCluster(record.controlPlaneCluster) };
}

const removeService: Step = {
  id: 'expose-istiod',
  title: "Remove the Service exposing istiod to members",
  async plan(ctx) {
    const { controlPlane } = await installed(ctx);
    return controlPlane ? { ...NO_CHANGES, changes: [await planDelete(controlPlane, SERVICE_REF)] } : NO_CHANGES;
  },
  async run(ctx) {
    const { controlPlane } = await installed(ctx);
    if (!controlPlane) return { detail: 'external mesh: nothing to remove' };
    return { detail: describeOutcome(await controlPlane.delete(SERVICE_REF), SERVICE_REF, controlPlane.cluster) };
  },
};

function uninstallStep(id: string, title: string, release: (record: MeshRecord) => string, chart: string): Step {
  const target = (record: MeshRecord) => ({
    cluster: record.controlPlaneCluster,
    release: release(record),
    namespace: ISTIO_NAMESPACE,
    chart,
  });
  return {
    id,
    title,
    async plan(ctx) {
      const { record, controlPlane } = await installed(ctx);
      if (!controlPlane) return NO_CHANGES;
      return { ...NO_CHANGES, helmReleases: [await planUninstall(ctx.services.helm, target(record), helmOptions(ctx))] };
    },
    async run(ctx) {
      const { record, controlPlane } = await installed(ctx);
      if (!controlPlane) return { detail: 'external mesh: nothing to uninstall' };
      const t = target(record);
      const outcome = await ctx.services.helm.uninstall(t, helmOptions(ctx));
      return { detail: `${outcome === 'absent' ? 'found no' : 'uninstalled'} Helm release ${t.release} in ${t.cluster}` };
    },
  };
}

/**
 * The control plane's leftovers. `meshfleet-system` goes only when it was
 * created for the mesh and holds nothing but the mesh's root (it may hold
 * Meshfleet's own access, as on the local fleet).
 */
async function controlPlaneScope(controlPlane: ClusterClient, meshId: string): Promise<LeftoverScope> {
  const others = [
    ...(await controlPlane.list('v1', 'ServiceAccount', { namespace: MESHFLEET_NAMESPACE })).filter(
      sa => sa.metadata?.name !== 'default',
    ),
    ...(await controlPlane.list('v1', 'Secret', { namespace: MESHFLEET_NAMESPACE })).filter(
      s => s.metadata?.labels?.[MESH_ID_LABEL] !== meshId,
    ),
  ];
  return {
    meshId,
    namespaces: others.length === 0 ? [ISTIO_NAMESPACE, MESHFLEET_NAMESPACE] : [ISTIO_NAMESPACE],
    secretNamespaces: [ISTIO_NAMESPACE, MESHFLEET_NAMESPACE],
  };
}

const removeTrust: Step = {
  id: 'trust',
  title: "Remove the mesh's trust (root CA, cacerts) and istiod's leftovers from the control plane",
  async plan(ctx) {
    const { controlPlane } = await installed(ctx);
    if (!controlPlane) return NO_CHANGES;
    return { ...NO_CHANGES, changes: await planLeftovers(controlPlane, await controlPlaneScope(controlPlane, ctx.params.meshId)) };
  },
  async run(ctx) {
    const { controlPlane } = await installed(ctx);
    if (!controlPlane) return { detail: 'external mesh: nothing to remove' };
    return { detail: await removeLeftovers(controlPlane, await controlPlaneScope(controlPlane, ctx.params.meshId), waitOptions(ctx)) };
  },
};

const unregister: Step = {
  id: 'unregister',
  title: 'Forget the mesh',
  async plan() {
    return NO_CHANGES;
  },
  async run(ctx) {
    const record = await ctx.services.store.getMesh(ctx.params.meshId);
    if (!record) return { detail: `mesh ${ctx.params.meshId} was forgotten already` };
    // The permission was checked when the operation started: no guard here.
    await ctx.services.registry.delete(record.id, record.version, () => {});
    return { detail: `forgot mesh ${record.id}` };
  },
};

/** The steps of `mesh.delete` (for an external mesh all but the last change nothing). */
export function meshDeleteSteps(): Step[] {
  return [
    removeService,
    uninstallStep('helm-istiod', 'Uninstall istiod from the control-plane cluster', r => istiodRelease(r.revision), 'istiod'),
    uninstallStep('helm-base', "Uninstall Istio's base chart (its CRDs stay, as Istio keeps them)", () => BASE_RELEASE, 'base'),
    removeTrust,
    unregister,
  ];
}
