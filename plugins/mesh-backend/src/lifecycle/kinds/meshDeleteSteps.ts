import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import type { MeshInstallerStrategy } from '@meshfleet/plugin-mesh-node';
import type { ClusterClient } from '../clusters/ClusterClient';
import { LifecycleContext, LifecycleStep, meshRecord, noChanges, nothingToPlan, waitOptions } from './common';
import { uninstallStep } from './steps';
import { controlPlaneEastWestRemoval, crossNetworkGatewayRemoval } from './eastWestRemoval';
import { uninstallWithStrategy } from './installerSteps';
import { LeftoverScope, planLeftovers, removeLeftovers } from './leftovers';
import type { MeshDeleteParams } from './meshDelete';
import { BASE_RELEASE, CONTROL_PLANE_SERVICE, ISTIO_NAMESPACE, istiodRelease, MESH_ID_LABEL, MESHFLEET_NAMESPACE } from './names';
import { describeOutcome, planDelete } from './objectChanges';

type Ctx = LifecycleContext<MeshDeleteParams>;
type Step = LifecycleStep<MeshDeleteParams>;

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
    return controlPlane ? { ...noChanges(), changes: [await planDelete(controlPlane, SERVICE_REF)] } : noChanges();
  },
  async run(ctx) {
    const { controlPlane } = await installed(ctx);
    if (!controlPlane) return { detail: 'external mesh: nothing to remove' };
    return { detail: describeOutcome(await controlPlane.delete(SERVICE_REF), SERVICE_REF, controlPlane.cluster) };
  },
};

/** The control plane's release of the mesh; none for an external mesh. */
function controlPlaneRelease(release: (record: MeshRecord) => string, chart: string) {
  return async (ctx: Ctx) => {
    const { record, controlPlane } = await installed(ctx);
    return controlPlane ? { cluster: record.controlPlaneCluster, release: release(record), namespace: ISTIO_NAMESPACE, chart } : undefined;
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
    if (!controlPlane) return noChanges();
    return { ...noChanges(), changes: await planLeftovers(controlPlane, await controlPlaneScope(controlPlane, ctx.params.meshId)) };
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
  plan: nothingToPlan,
  async run(ctx) {
    const record = await ctx.services.store.getMesh(ctx.params.meshId);
    if (!record) return { detail: `mesh ${ctx.params.meshId} was forgotten already` };
    // The permission was checked when the operation started: no guard here.
    await ctx.services.registry.delete(record.id, record.version, () => {});
    return { detail: `forgot mesh ${record.id}` };
  },
};

/** Meshfleet's own removal of istiod: its two Helm releases. */
const helmUninstall: Step[] = [
  uninstallStep('helm-istiod', 'Uninstall istiod from the control-plane cluster', controlPlaneRelease(r => istiodRelease(r.revision), 'istiod')),
  uninstallStep(
    'helm-base',
    "Uninstall Istio's base chart (its CRDs stay, as Istio keeps them)",
    controlPlaneRelease(() => BASE_RELEASE, 'base'),
  ),
];

/**
 * The steps of `mesh.delete` (for an external mesh all but the last change
 * nothing). istiod is removed by the installer strategy a module set, when
 * there is one, in place of the Helm steps.
 */
export function meshDeleteSteps(installer?: MeshInstallerStrategy): Step[] {
  const uninstall = installer ? [uninstallWithStrategy(installer)] : helmUninstall;
  return [
    removeService,
    crossNetworkGatewayRemoval<MeshDeleteParams>(),
    controlPlaneEastWestRemoval<MeshDeleteParams>(),
    ...uninstall,
    removeTrust,
    unregister,
  ];
}
