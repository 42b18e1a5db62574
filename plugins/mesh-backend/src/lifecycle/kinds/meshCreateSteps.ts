import type { V1Service } from '@kubernetes/client-node';
import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import type { MeshInstallerStrategy } from '@meshfleet/plugin-mesh-node';
import type { HelmReleaseSpec } from '../helm/HelmRunner';
import { TRUST_REFS } from '../trust/TrustService';
import {
  CONTROL_PLANE_ADDRESS_ANNOTATION,
  controlPlaneAddressOf,
  desiredNamespace,
  helmOptions,
  installFacts,
  istioVersionOf,
  LifecycleContext,
  LifecycleStep,
  loadBalancerAddress,
  noChanges,
  nothingToPlan,
} from './common';
import { controlPlaneServiceManifest } from './manifests';
import type { MeshCreateParams } from './meshCreate';
import { BASE_RELEASE, ISTIO_NAMESPACE, istiodName, istiodRelease, MESHFLEET_NAMESPACE, NETWORK_LABEL } from './names';
import { applyObject, describeOutcome, planApply, plannedChange } from './objectChanges';
import { convergeRelease, describeRelease, planRelease } from './helmReleases';
import { baseValues, controlPlaneIstiodValues } from './values';
import { applyStep } from './steps';
import { waitUntil } from './waits';
import { refOf } from '../clusters/objectRefs';
import { istiodProblem } from './istiod';
import { installWithStrategy } from './installerSteps';

type Ctx = LifecycleContext<MeshCreateParams>;
type Step = LifecycleStep<MeshCreateParams>;

/** The record the mesh is (or will be) stored as: the request, before it exists. */
function recordOf(params: MeshCreateParams): MeshRecord {
  const now = new Date(0).toISOString();
  return { ...params.mesh, members: params.mesh.members ?? [], version: 0, createdAt: now, updatedAt: now };
}

function controlPlane(ctx: Ctx) {
  return ctx.services.clusters.forCluster(ctx.params.mesh.controlPlaneCluster);
}

const register: Step = {
  id: 'register',
  title: 'Register the mesh',
  async plan(ctx) {
    const existing = await ctx.services.store.getMesh(ctx.params.mesh.id);
    return { ...noChanges(), warnings: existing ? [`mesh '${existing.id}' is registered already; it is kept as it is`] : [] };
  },
  async run(ctx) {
    const { mesh } = ctx.params;
    if (await ctx.services.store.getMesh(mesh.id)) {
      return { detail: `mesh ${mesh.id} was registered already`, outputs: { meshId: mesh.id } };
    }
    await ctx.services.registry.register(mesh);
    return { detail: `registered mesh ${mesh.id} (${mesh.type}, control plane ${mesh.controlPlaneCluster})`, outputs: { meshId: mesh.id } };
  },
};

/** istio-system in the control plane, labelled with the mesh's network (and the members' address, if given). */
const istioNamespace = applyStep<MeshCreateParams>(
  'istio-namespace',
  'Label istio-system in the control-plane cluster with its network',
  async ctx => {
    const cp = await controlPlane(ctx);
    const address = ctx.params.controlPlaneAddress;
    const desired = await desiredNamespace(cp, ISTIO_NAMESPACE, ctx.params.mesh.id, {
      labels: { [NETWORK_LABEL]: ctx.params.mesh.controlPlaneNetwork },
      ...(address ? { annotations: { [CONTROL_PLANE_ADDRESS_ANNOTATION]: address } } : {}),
    });
    return { client: cp, desired, reason: `network ${ctx.params.mesh.controlPlaneNetwork}` };
  },
);

const trust: Step = {
  id: 'trust',
  title: "Create the mesh's root CA and the control plane's intermediate (cacerts)",
  async plan(ctx) {
    const cp = await controlPlane(ctx);
    const root = await ctx.services.trust.readRoot(ctx.params.mesh.id, cp);
    const namespace = await desiredNamespace(cp, MESHFLEET_NAMESPACE, ctx.params.mesh.id);
    const cacerts = await ctx.services.trust.assessCacerts(root, cp);
    return {
      ...noChanges(),
      changes: [
        await planApply(cp, namespace),
        plannedChange(cp.cluster, TRUST_REFS.root, root ? 'unchanged' : 'create', root ? "the mesh's root CA" : 'new root CA'),
        plannedChange(cp.cluster, TRUST_REFS.cacerts, cacerts.action, cacerts.reason),
      ],
    };
  },
  async run(ctx) {
    const cp = await controlPlane(ctx);
    await applyObject(cp, await desiredNamespace(cp, MESHFLEET_NAMESPACE, ctx.params.mesh.id));
    const { root, created } = await ctx.services.trust.ensureRoot(ctx.params.mesh.id, cp);
    const cacerts = await ctx.services.trust.ensureCacerts(ctx.params.mesh.id, root, cp);
    return {
      detail: `${created ? 'created' : 'kept'} the root CA and ${cacerts.action === 'unchanged' ? 'kept' : 'wrote'} Secret ${ISTIO_NAMESPACE}/cacerts in ${cp.cluster}`,
      state: { cacertsFingerprint: cacerts.fingerprint },
    };
  },
};

function baseRelease(ctx: Ctx): HelmReleaseSpec {
  const record = recordOf(ctx.params);
  return {
    cluster: record.controlPlaneCluster,
    release: BASE_RELEASE,
    namespace: ISTIO_NAMESPACE,
    chart: 'base',
    version: istioVersionOf(record, ctx.services.config),
    values: baseValues(installFacts(record, ctx.services.config)),
    // Istio's CRDs may exist already without Helm's labels (applied by other tools): adopt them.
    takeOwnership: true,
  };
}

const helmBase: Step = {
  id: 'helm-base',
  title: "Install Istio's base chart (CRDs) in the control-plane cluster",
  async plan(ctx) {
    return { ...noChanges(), helmReleases: [await planRelease(ctx.services.helm, baseRelease(ctx), helmOptions(ctx))] };
  },
  async run(ctx) {
    const spec = baseRelease(ctx);
    return { detail: describeRelease(await convergeRelease(ctx.services.helm, spec, helmOptions(ctx)), spec) };
  },
};

async function istiodReleaseSpec(ctx: Ctx, fingerprint: string | undefined): Promise<HelmReleaseSpec> {
  const record = recordOf(ctx.params);
  return {
    cluster: record.controlPlaneCluster,
    release: istiodRelease(record.revision),
    namespace: ISTIO_NAMESPACE,
    chart: 'istiod',
    version: istioVersionOf(record, ctx.services.config),
    values: controlPlaneIstiodValues(
      installFacts(record, ctx.services.config),
      { name: record.controlPlaneCluster, network: record.controlPlaneNetwork! },
      { externalIstiod: record.type === 'hosted', cacertsFingerprint: fingerprint },
    ),
  };
}

const helmIstiod: Step = {
  id: 'helm-istiod',
  title: 'Install istiod in the control-plane cluster',
  async plan(ctx) {
    const fingerprint = await ctx.services.trust.currentFingerprint(await controlPlane(ctx));
    const spec = await istiodReleaseSpec(ctx, fingerprint ?? '(the new intermediate)');
    const warnings = fingerprint ? [] : ["istiod's pod annotation meshfleet.io/cacerts will be the new intermediate's fingerprint"];
    return { ...noChanges(), helmReleases: [await planRelease(ctx.services.helm, spec, helmOptions(ctx))], warnings };
  },
  async run(ctx) {
    const fingerprint =
      (ctx.state.cacertsFingerprint as string | undefined) ??
      (await ctx.services.trust.currentFingerprint(await controlPlane(ctx)));
    const spec = await istiodReleaseSpec(ctx, fingerprint);
    return {
      detail: describeRelease(await convergeRelease(ctx.services.helm, spec, helmOptions(ctx)), spec),
      outputs: { revision: ctx.params.mesh.revision, istioVersion: spec.version },
    };
  },
};

const waitIstiod: Step = {
  id: 'wait-istiod',
  title: 'Wait until istiod is Ready',
  plan: nothingToPlan,
  async run(ctx) {
    const cp = await controlPlane(ctx);
    await waitUntil('istiod to be Ready', () => istiodProblem(cp, ctx.params.mesh.revision), {
      timeoutMs: ctx.services.config.waitTimeoutMs,
      signal: ctx.signal,
      hint: `Look at istiod's pods and events in ${ctx.params.mesh.controlPlaneCluster} (namespace ${ISTIO_NAMESPACE}), then retry`,
    });
    return { detail: `istiod ${istiodName(ctx.params.mesh.revision)} is Ready in ${ctx.params.mesh.controlPlaneCluster}` };
  },
};

const exposeIstiod: Step = {
  id: 'expose-istiod',
  title: "Expose istiod to the mesh's members",
  async plan(ctx) {
    if (ctx.params.controlPlaneAddress) {
      return { ...noChanges(), warnings: [`members reach istiod at ${ctx.params.controlPlaneAddress} (given); no Service is created`] };
    }
    const cp = await controlPlane(ctx);
    const desired = controlPlaneServiceManifest(ctx.params.mesh.id, ctx.params.mesh.revision);
    return { ...noChanges(), changes: [await planApply(cp, desired, 'LoadBalancer for istiod (15012, 15017)')] };
  },
  async run(ctx) {
    const cp = await controlPlane(ctx);
    if (ctx.params.controlPlaneAddress) {
      return {
        detail: `members reach istiod at ${ctx.params.controlPlaneAddress} (given)`,
        outputs: { controlPlaneAddress: ctx.params.controlPlaneAddress },
      };
    }
    const desired = controlPlaneServiceManifest(ctx.params.mesh.id, ctx.params.mesh.revision);
    const outcome = await applyObject(cp, desired);
    await waitUntil(
      `an address of Service ${ISTIO_NAMESPACE}/${desired.metadata!.name} in ${cp.cluster}`,
      async () => ((await controlPlaneAddressOf(cp)) ? undefined : 'status.loadBalancer.ingress is empty'),
      {
        timeoutMs: ctx.services.config.waitTimeoutMs,
        signal: ctx.signal,
        hint: `The cluster must give LoadBalancer Services an address (a cloud load balancer, MetalLB…); or create the mesh with controlPlaneAddress`,
      },
    );
    const address = loadBalancerAddress(await cp.get<V1Service>(refOf(desired)));
    return {
      detail: `${describeOutcome(outcome, refOf(desired), cp.cluster)}; members reach istiod at ${address}`,
      outputs: { controlPlaneAddress: address! },
      state: { controlPlaneAddress: address! },
    };
  },
};

/**
 * The steps of `mesh.create`: external meshes are only registered. istiod is
 * installed by Meshfleet's Helm steps, or by the installer strategy a module
 * set (`mesh.installer`) in their place.
 */
export function meshCreateSteps(params: MeshCreateParams, installer?: MeshInstallerStrategy): Step[] {
  if (params.mesh.type === 'external') return [register];
  const install = installer ? [installWithStrategy(installer, recordOf)] : [helmBase, helmIstiod];
  const steps = [register, istioNamespace, trust, ...install, waitIstiod];
  return params.mesh.type === 'hosted' ? [...steps, exposeIstiod] : steps;
}
