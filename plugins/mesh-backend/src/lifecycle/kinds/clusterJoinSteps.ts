import type { V1Secret } from '@kubernetes/client-node';
import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import { StepError } from '../../operations/errors';
import type { ClusterClient } from '../clusters/ClusterClient';
import { refOf } from '../clusters/objectRefs';
import type { HelmReleaseSpec } from '../helm/HelmRunner';
import { TRUST_REFS } from '../trust/TrustService';
import type { ClusterJoinParams } from './clusterJoin';
import {
  controlPlaneAddressOf,
  desiredNamespace,
  helmOptions,
  installFacts,
  istioVersionOf,
  LifecycleContext,
  LifecycleStep,
  meshAndMember,
  meshRecord,
  noChanges,
  nothingToPlan,
} from './common';
import { eastWestJoinSteps } from './eastWestSteps';
import { convergeRelease, describeRelease, planRelease } from './helmReleases';
import { injectorProblem, registryzClusters } from './istiod';
import { readerTokenSecretManifest, remoteSecretManifest } from './manifests';
import {
  BASE_RELEASE,
  CONTROL_PLANE_CLUSTERS_ANNOTATION,
  ISTIO_NAMESPACE,
  NETWORK_LABEL,
  READER_TOKEN_SECRET,
  remoteRelease,
  remoteSecretName,
} from './names';
import { applyObject, describeOutcome, planApply, plannedChange } from './objectChanges';
import { baseValues, memberIstiodValues } from './values';
import { applyStep } from './steps';
import { waitUntil } from './waits';

type Ctx = LifecycleContext<ClusterJoinParams>;
type Step = LifecycleStep<ClusterJoinParams>;

const READER_TOKEN_REF = { apiVersion: 'v1', kind: 'Secret', namespace: ISTIO_NAMESPACE, name: READER_TOKEN_SECRET };

/** Shown in plans where the control plane's address is not known yet. */
const UNKNOWN_ADDRESS = '(the control plane address, once it has one)';

function clustersOf(ctx: Ctx) {
  return meshAndMember(ctx.services, ctx.params.meshId, ctx.params.cluster);
}

const registerMember: Step = {
  id: 'register-member',
  title: 'Record the cluster as a member of the mesh',
  async plan(ctx) {
    const record = await meshRecord(ctx.services, ctx.params.meshId);
    const known = record.members.some(m => m.cluster === ctx.params.cluster);
    return { ...noChanges(), warnings: known ? [`${ctx.params.cluster} is recorded as a member already`] : [] };
  },
  async run(ctx) {
    const { meshId, cluster, network } = ctx.params;
    const record = await meshRecord(ctx.services, meshId);
    if (record.members.some(m => m.cluster === cluster)) {
      return { detail: `${cluster} was recorded as a member of ${meshId} already` };
    }
    // The permission was checked when the operation started: no guard here.
    await ctx.services.registry.addMember(meshId, { cluster, network }, undefined, () => {});
    return { detail: `recorded ${cluster} as a member of ${meshId} on network ${network}` };
  },
};

/** istio-system in the member: its network, and the control plane that leads it. */
const namespace = applyStep<ClusterJoinParams>(
  'member-namespace',
  'Label istio-system in the member with its network and its control plane',
  async ctx => {
    const { record, member } = await clustersOf(ctx);
    const desired = await desiredNamespace(member, ISTIO_NAMESPACE, record.id, {
      labels: { [NETWORK_LABEL]: ctx.params.network },
      annotations: { [CONTROL_PLANE_CLUSTERS_ANNOTATION]: record.controlPlaneCluster },
    });
    return { client: member, desired };
  },
);

const cacerts: Step = {
  id: 'member-cacerts',
  title: "Give the member an intermediate of the mesh's root (cacerts)",
  async plan(ctx) {
    const { record, controlPlane, member } = await clustersOf(ctx);
    const root = await ctx.services.trust.readRoot(record.id, controlPlane);
    const assessment = await ctx.services.trust.assessCacerts(root, member);
    const warnings = root ? [] : [`mesh ${record.id} has no root CA in ${controlPlane.cluster}: this step will fail`];
    return { ...noChanges(), changes: [plannedChange(member.cluster, TRUST_REFS.cacerts, assessment.action, assessment.reason)], warnings };
  },
  async run(ctx) {
    const { record, controlPlane, member } = await clustersOf(ctx);
    const root = await ctx.services.trust.readRoot(record.id, controlPlane);
    if (!root) {
      throw new StepError(`mesh ${record.id} has no root CA in ${controlPlane.cluster}`, {
        hint: 'Run mesh.create for the mesh again (it creates the root CA), then retry',
      });
    }
    const outcome = await ctx.services.trust.ensureCacerts(record.id, root, member);
    return { detail: `${outcome.action === 'unchanged' ? 'kept' : 'wrote'} Secret ${ISTIO_NAMESPACE}/cacerts in ${member.cluster}` };
  },
};

function memberBaseRelease(ctx: Ctx, record: MeshRecord): HelmReleaseSpec {
  return {
    cluster: ctx.params.cluster,
    release: BASE_RELEASE,
    namespace: ISTIO_NAMESPACE,
    chart: 'base',
    version: istioVersionOf(record, ctx.services.config),
    values: baseValues(installFacts(record, ctx.services.config), 'remote'),
    takeOwnership: true,
  };
}

const helmBase: Step = {
  id: 'helm-base',
  title: "Install Istio's base chart (remote profile) in the member",
  async plan(ctx) {
    const record = await meshRecord(ctx.services, ctx.params.meshId);
    return { ...noChanges(), helmReleases: [await planRelease(ctx.services.helm, memberBaseRelease(ctx, record), helmOptions(ctx))] };
  },
  async run(ctx) {
    const spec = memberBaseRelease(ctx, await meshRecord(ctx.services, ctx.params.meshId));
    return { detail: describeRelease(await convergeRelease(ctx.services.helm, spec, helmOptions(ctx)), spec) };
  },
};

function memberIstiodRelease(ctx: Ctx, record: MeshRecord, address: string): HelmReleaseSpec {
  return {
    cluster: ctx.params.cluster,
    release: remoteRelease(record.revision),
    namespace: ISTIO_NAMESPACE,
    chart: 'istiod',
    version: istioVersionOf(record, ctx.services.config),
    values: memberIstiodValues(installFacts(record, ctx.services.config), { name: ctx.params.cluster, network: ctx.params.network }, address),
  };
}

const helmIstiodRemote: Step = {
  id: 'helm-istiod-remote',
  title: "Install Istio's remote profile in the member (injection by the control plane's istiod)",
  async plan(ctx) {
    const { record, controlPlane } = await clustersOf(ctx);
    const address = await controlPlaneAddressOf(controlPlane);
    const spec = memberIstiodRelease(ctx, record, address ?? UNKNOWN_ADDRESS);
    const warnings = address ? [] : [`mesh ${record.id}'s istiod has no address members can reach yet`];
    return { ...noChanges(), helmReleases: [await planRelease(ctx.services.helm, spec, helmOptions(ctx))], warnings };
  },
  async run(ctx) {
    const { record, controlPlane } = await clustersOf(ctx);
    const address = await controlPlaneAddressOf(controlPlane);
    if (!address) {
      throw new StepError(`mesh ${record.id}'s istiod has no address members can reach in ${controlPlane.cluster}`, {
        hint: 'Run mesh.create for the mesh again (it exposes istiod), then retry',
      });
    }
    const spec = memberIstiodRelease(ctx, record, address);
    return {
      detail: `${describeRelease(await convergeRelease(ctx.services.helm, spec, helmOptions(ctx)), spec)}; istiod at ${address}`,
      outputs: { controlPlaneAddress: address },
    };
  },
};

/** The reader token in the member, once Kubernetes' token controller has filled it. */
async function readerToken(member: ClusterClient): Promise<string | undefined> {
  const secret = await member.get<V1Secret>(READER_TOKEN_REF);
  const token = secret?.data?.token;
  return token ? Buffer.from(token, 'base64').toString('utf8') : undefined;
}

const readerTokenStep: Step = {
  id: 'reader-token',
  title: "Create a token for Istio's reader ServiceAccount in the member",
  async plan(ctx) {
    const { record, member } = await clustersOf(ctx);
    return { ...noChanges(), changes: [await planApply(member, readerTokenSecretManifest(record.id))] };
  },
  async run(ctx) {
    const { record, member } = await clustersOf(ctx);
    const desired = readerTokenSecretManifest(record.id);
    const outcome = await applyObject(member, desired);
    await waitUntil(
      `the token of ${ISTIO_NAMESPACE}/${READER_TOKEN_SECRET} in ${member.cluster}`,
      async () => ((await readerToken(member)) ? undefined : "Kubernetes' token controller has not filled it yet"),
      { timeoutMs: ctx.services.config.waitTimeoutMs, signal: ctx.signal },
    );
    return { detail: describeOutcome(outcome, refOf(desired), member.cluster) };
  },
};

/** The remote secret as it should be, when the member's reader token exists. */
async function desiredRemoteSecret(ctx: Ctx, member: ClusterClient, meshId: string): Promise<V1Secret | undefined> {
  const token = await readerToken(member);
  if (!token) return undefined;
  ctx.registerSecret(token);
  return remoteSecretManifest(meshId, await ctx.services.clusters.endpointOf(member.cluster), token);
}

const remoteSecret: Step = {
  id: 'remote-secret',
  title: "Give the control plane's istiod a remote secret for the member",
  async plan(ctx) {
    const { record, controlPlane, member } = await clustersOf(ctx);
    const desired = await desiredRemoteSecret(ctx, member, record.id);
    if (desired) return { ...noChanges(), changes: [await planApply(controlPlane, desired, `istiod reads ${member.cluster}`)] };
    const ref = { apiVersion: 'v1', kind: 'Secret', namespace: ISTIO_NAMESPACE, name: remoteSecretName(member.cluster) };
    const exists = await controlPlane.get(ref);
    return { ...noChanges(), changes: [plannedChange(controlPlane.cluster, ref, exists ? 'update' : 'create', `istiod reads ${member.cluster}`)] };
  },
  async run(ctx) {
    const { record, controlPlane, member } = await clustersOf(ctx);
    const desired = await desiredRemoteSecret(ctx, member, record.id);
    if (!desired) {
      throw new StepError(`${member.cluster} has no token in ${ISTIO_NAMESPACE}/${READER_TOKEN_SECRET}`, {
        hint: `Check that Kubernetes' token controller runs in ${member.cluster}, then start the join again (it converges)`,
      });
    }
    return { detail: describeOutcome(await applyObject(controlPlane, desired), refOf(desired), controlPlane.cluster) };
  },
};

const verify: Step = {
  id: 'verify',
  title: "Verify that istiod leads the member and lists its services",
  plan: nothingToPlan,
  async run(ctx) {
    const { record, controlPlane, member } = await clustersOf(ctx);
    const options = {
      timeoutMs: ctx.services.config.waitTimeoutMs,
      signal: ctx.signal,
      hint: `Look at istiod's log in ${controlPlane.cluster} (remote secret for ${member.cluster}) and check that ${member.cluster} reaches istiod, then retry`,
    };
    await waitUntil(`istiod to patch the injector of ${member.cluster}`, () => injectorProblem(member, record.revision), options);
    let services = 0;
    await waitUntil(
      `istiod in ${controlPlane.cluster} to list the services of ${member.cluster}`,
      async () => {
        services = (await registryzClusters(controlPlane, record.revision)).get(member.cluster) ?? 0;
        return services > 0 ? undefined : `/debug/registryz lists no service of ${member.cluster}`;
      },
      options,
    );
    return {
      detail: `istiod in ${controlPlane.cluster} lists ${services} services of ${member.cluster}; its injector has istiod's CA`,
      outputs: { memberServices: services },
    };
  },
};

/** The steps of `cluster.join`; on another network than the control plane's, east-west gateways after the member is led. */
export function clusterJoinSteps(): Step[] {
  return [registerMember, namespace, cacerts, helmBase, helmIstiodRemote, readerTokenStep, remoteSecret, verify, ...eastWestJoinSteps()];
}
