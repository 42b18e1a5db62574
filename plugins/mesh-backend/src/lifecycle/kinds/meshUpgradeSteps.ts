import type { V1Service } from '@kubernetes/client-node';
import type { MeshRecord, MeshUpdateRequest } from '@meshfleet/plugin-mesh-common';
import { changesOf } from '../../service/validation';
import { StepError } from '../../operations/errors';
import { refOf } from '../clusters/objectRefs';
import type { HelmReleaseSpec } from '../helm/HelmRunner';
import { moveEastWestStep } from './eastWestMove';
import { moveGatewaysStep } from './gatewayMove';
import { convergeRelease, describeRelease, planRelease } from './helmReleases';
import { CONTROL_PLANE_ADDRESS_ANNOTATION, helmOptions, istioVersionOf, LifecycleContext, LifecycleStep, loadBalancerAddress, meshRecord, noChanges, nothingToPlan } from './common';
import { injectorProblem, istiodProblem } from './istiod';
import { controlPlaneServiceManifest } from './manifests';
import { CONTROL_PLANE_SERVICE, ISTIO_NAMESPACE, istiodName } from './names';
import { applyObject, describeOutcome, planApply, planDelete, plannedChange } from './objectChanges';
import {
  canaryServiceManifest,
  canaryServiceName,
  controlPlaneBaseSpec,
  controlPlaneIstiodSpec,
  memberBaseSpecs,
  memberIstiodSpecs,
  revisionAddress,
  uninstallRevisionStep,
} from './revisionInstall';
import {
  chooseRestartStep,
  meshClients,
  MoveDirection,
  moveTagsStep,
  relabelNamespacesStep,
  restartStep,
  revisionUsers,
  verifyStep,
} from './revisionMoveSteps';
import type { MeshUpgradeParams } from './upgradeParams';
import { waitUntil } from './waits';

type Ctx = LifecycleContext<MeshUpgradeParams>;
type Step = LifecycleStep<MeshUpgradeParams>;

const serviceRef = (name: string) => ({ apiVersion: 'v1', kind: 'Service', namespace: ISTIO_NAMESPACE, name });

/**
 * The revision upgraded from: the mesh's recorded one, which becomes the new
 * revision only in the last step of a finishing run.
 */
const oldRevision = (_ctx: Ctx, record: MeshRecord) => record.revision;

const direction: MoveDirection<MeshUpgradeParams> = {
  from: oldRevision,
  to: ctx => ctx.params.revision,
  rollbackHint: (ctx, record) =>
    `Revision ${record.revision} still runs: start mesh.rollback (template "Roll back a mesh upgrade") for mesh ${ctx.params.meshId} with fromRevision ${ctx.params.revision}`,
  fromVersion: async (ctx, record) => istioVersionOf(record, ctx.services.config),
};

/** A step that converges a list of Helm releases, one after another. */
function releasesStep(id: string, title: string, specs: (ctx: Ctx, record: MeshRecord) => Promise<HelmReleaseSpec[]>): Step {
  return {
    id,
    title,
    async plan(ctx) {
      const record = await meshRecord(ctx.services, ctx.params.meshId);
      const list = await specs(ctx, record);
      return { ...noChanges(), helmReleases: await Promise.all(list.map(s => planRelease(ctx.services.helm, s, helmOptions(ctx)))) };
    },
    async run(ctx) {
      const record = await meshRecord(ctx.services, ctx.params.meshId);
      const lines: string[] = [];
      for (const spec of await specs(ctx, record)) {
        lines.push(describeRelease(await convergeRelease(ctx.services.helm, spec, helmOptions(ctx)), spec));
      }
      return { detail: lines.join('; ') || 'no release to change' };
    },
  };
}

/** `istio-base` first, as Istio's canary guide orders it: the new CRDs before the istiod that reads them. */
const helmBase = releasesStep('helm-base', "Upgrade Istio's base chart (CRDs) in every cluster of the mesh", async (ctx, record) => [
  controlPlaneBaseSpec(record, ctx, ctx.params.version, record.revision),
  ...memberBaseSpecs(record, ctx, ctx.params.version, record.revision),
]);

const helmIstiod = releasesStep('helm-istiod', 'Install istiod of the new revision beside the running one', async (ctx, record) => {
  const cp = await ctx.services.clusters.forCluster(record.controlPlaneCluster);
  const fingerprint = await ctx.services.trust.currentFingerprint(cp);
  return [controlPlaneIstiodSpec(record, ctx, ctx.params.revision, ctx.params.version, fingerprint)];
});

const waitIstiod: Step = {
  id: 'wait-istiod',
  title: 'Wait until istiod of the new revision is Ready',
  plan: nothingToPlan,
  async run(ctx) {
    const record = await meshRecord(ctx.services, ctx.params.meshId);
    const cp = await ctx.services.clusters.forCluster(record.controlPlaneCluster);
    await waitUntil(`istiod ${istiodName(ctx.params.revision)} to be Ready`, () => istiodProblem(cp, ctx.params.revision), {
      timeoutMs: ctx.services.config.waitTimeoutMs,
      signal: ctx.signal,
      hint: `Look at istiod's pods and events in ${cp.cluster} (namespace ${ISTIO_NAMESPACE}), then retry; nothing was moved to the new revision yet`,
    });
    return { detail: `istiod ${istiodName(ctx.params.revision)} is Ready in ${cp.cluster} beside ${istiodName(record.revision)}` };
  },
};

/** Hosted meshes: a canary Service so the members' injector and sidecars of the new revision reach its istiod. */
const exposeRevision: Step = {
  id: 'expose-revision',
  title: "Expose the new revision's istiod to the members",
  async plan(ctx) {
    const record = await meshRecord(ctx.services, ctx.params.meshId);
    if (record.type !== 'hosted') return noChanges();
    if (ctx.params.controlPlaneAddress) {
      return { ...noChanges(), warnings: [`members reach revision ${ctx.params.revision} at ${ctx.params.controlPlaneAddress} (given); no Service is created`] };
    }
    const cp = await ctx.services.clusters.forCluster(record.controlPlaneCluster);
    const desired = canaryServiceManifest(record.id, ctx.params.revision);
    return { ...noChanges(), changes: [await planApply(cp, desired, `LoadBalancer for istiod ${ctx.params.revision} (15012, 15017)`)] };
  },
  async run(ctx) {
    const record = await meshRecord(ctx.services, ctx.params.meshId);
    const cp = await ctx.services.clusters.forCluster(record.controlPlaneCluster);
    if (record.type !== 'hosted') return { detail: `a ${record.type} mesh has no members to expose istiod to` };
    if (ctx.params.controlPlaneAddress) {
      return { detail: `members reach revision ${ctx.params.revision} at ${ctx.params.controlPlaneAddress} (given)`, outputs: { revisionAddress: ctx.params.controlPlaneAddress } };
    }
    const main = await cp.get<V1Service>(serviceRef(CONTROL_PLANE_SERVICE));
    if (main?.spec?.selector?.['istio.io/rev'] === ctx.params.revision) {
      return { detail: `the mesh's Service ${CONTROL_PLANE_SERVICE} selects revision ${ctx.params.revision} already` };
    }
    const desired = canaryServiceManifest(record.id, ctx.params.revision);
    const outcome = await applyObject(cp, desired);
    await waitUntil(
      `an address of Service ${ISTIO_NAMESPACE}/${desired.metadata!.name} in ${cp.cluster}`,
      async () => ((await revisionAddress(cp, ctx.params.revision, ctx.params.controlPlaneAddress)) ? undefined : 'status.loadBalancer.ingress is empty'),
      {
        timeoutMs: ctx.services.config.waitTimeoutMs,
        signal: ctx.signal,
        hint: 'The cluster must give LoadBalancer Services an address (a cloud load balancer, MetalLB…)',
      },
    );
    const address = await revisionAddress(cp, ctx.params.revision, ctx.params.controlPlaneAddress);
    return { detail: `${describeOutcome(outcome, refOf(desired), cp.cluster)}; members reach revision ${ctx.params.revision} at ${address}`, outputs: { revisionAddress: address! } };
  },
};

async function memberSpecs(ctx: Ctx, record: MeshRecord): Promise<HelmReleaseSpec[]> {
  if (!record.members.length) return [];
  const cp = await ctx.services.clusters.forCluster(record.controlPlaneCluster);
  const address = await revisionAddress(cp, ctx.params.revision, ctx.params.controlPlaneAddress);
  if (!address) {
    throw new StepError(`revision ${ctx.params.revision} has no address members can reach in ${cp.cluster}`, {
      hint: `Service ${ISTIO_NAMESPACE}/${canaryServiceName(ctx.params.revision)} needs a load-balancer address; retry once it has one`,
    });
  }
  return memberIstiodSpecs(record, ctx, ctx.params.revision, ctx.params.version, address);
}

const helmIstiodRemote = releasesStep(
  'helm-istiod-remote',
  "Install the new revision's remote profile in every member (its injector calls the new istiod)",
  memberSpecs,
);

const waitInjectors: Step = {
  id: 'wait-injectors',
  title: "Wait until the members' injector webhooks of the new revision have istiod's CA",
  plan: nothingToPlan,
  async run(ctx) {
    const record = await meshRecord(ctx.services, ctx.params.meshId);
    for (const member of record.members) {
      const client = await ctx.services.clusters.forCluster(member.cluster);
      await waitUntil(`the injector of revision ${ctx.params.revision} in ${member.cluster}`, () => injectorProblem(client, ctx.params.revision), {
        timeoutMs: ctx.services.config.waitTimeoutMs,
        signal: ctx.signal,
        hint: `istiod ${ctx.params.revision} patches the member's webhook once it reads the member (remote secret); look at its log`,
      });
    }
    return { detail: `the injector of revision ${ctx.params.revision} is ready in ${record.members.length} members` };
  },
};

/** Nothing may use the old revision before it is removed: no sidecar, tag or namespace. */
const checkOldUnused: Step = {
  id: 'check-old-unused',
  title: 'Check that nothing uses the old revision any more',
  plan: nothingToPlan,
  async run(ctx) {
    const record = await meshRecord(ctx.services, ctx.params.meshId);
    if (record.revision === ctx.params.revision) return { detail: `the mesh is on revision ${ctx.params.revision} already` };
    const users = await revisionUsers(await meshClients(ctx, record), record.revision);
    if (users.length) {
      throw new StepError(`revision ${record.revision} is still used: ${users.slice(0, 5).join(', ')}${users.length > 5 ? ` and ${users.length - 5} more` : ''}`, {
        hint: `Nothing was removed. Move or restart these (mesh.upgrade with restart.workloads), then retry; or roll back with mesh.rollback fromRevision ${ctx.params.revision}`,
      });
    }
    return { detail: `no pod, tag or namespace uses revision ${record.revision}` };
  },
};

/** The base chart's default revision (Istio's default validating webhook) follows the mesh to the new revision. */
const helmBaseDefault = releasesStep('helm-base-default', "Point the base chart's default revision at the new revision", async (ctx, record) => [
  controlPlaneBaseSpec(record, ctx, ctx.params.version, ctx.params.revision),
  ...memberBaseSpecs(record, ctx, ctx.params.version, ctx.params.revision),
]);

const namespaceRef = { apiVersion: 'v1', kind: 'Namespace', name: ISTIO_NAMESPACE };

/**
 * Hosted meshes: where members reach istiod becomes the new revision's,
 * for the members and for later joins. With an address given for the new
 * revision, `istio-system`'s address annotation is set to it (and the
 * mesh's Service, if any, no longer selects the old revision). Otherwise
 * the mesh's Service `istiod-meshfleet` selects the new revision, the
 * members' remote profile is pointed at its address and the canary Service
 * goes. Either way the mesh ends as a fresh install of the new revision.
 */
const promoteAddress: Step = {
  id: 'promote-address',
  title: "Make the new revision's address the mesh's",
  async plan(ctx) {
    const record = await meshRecord(ctx.services, ctx.params.meshId);
    if (record.type !== 'hosted') return noChanges();
    const cp = await ctx.services.clusters.forCluster(record.controlPlaneCluster);
    const main = await cp.get<V1Service>(serviceRef(CONTROL_PLANE_SERVICE));
    const changes = main
      ? [await planApply(cp, controlPlaneServiceManifest(record.id, ctx.params.revision), `selects revision ${ctx.params.revision}`)]
      : [];
    if (ctx.params.controlPlaneAddress) {
      changes.push(plannedChange(cp.cluster, namespaceRef, 'update', `${CONTROL_PLANE_ADDRESS_ANNOTATION}=${ctx.params.controlPlaneAddress}`));
    } else if (main) {
      changes.push(await planDelete(cp, serviceRef(canaryServiceName(ctx.params.revision))));
    }
    return { ...noChanges(), changes };
  },
  async run(ctx) {
    const record = await meshRecord(ctx.services, ctx.params.meshId);
    if (record.type !== 'hosted') return { detail: `a ${record.type} mesh has no members` };
    const cp = await ctx.services.clusters.forCluster(record.controlPlaneCluster);
    const main = await cp.get<V1Service>(serviceRef(CONTROL_PLANE_SERVICE));
    const lines: string[] = [];
    if (main) {
      await applyObject(cp, controlPlaneServiceManifest(record.id, ctx.params.revision));
      lines.push(`${CONTROL_PLANE_SERVICE} (${loadBalancerAddress(main) ?? 'no address'}) selects revision ${ctx.params.revision}`);
    }
    if (ctx.params.controlPlaneAddress) {
      await cp.mergePatch(namespaceRef, { metadata: { annotations: { [CONTROL_PLANE_ADDRESS_ANNOTATION]: ctx.params.controlPlaneAddress } } });
      lines.push(`members reach istiod at ${ctx.params.controlPlaneAddress} (${CONTROL_PLANE_ADDRESS_ANNOTATION})`);
      return { detail: lines.join('; ') };
    }
    if (!main) throw new StepError(`no Service ${CONTROL_PLANE_SERVICE} in ${cp.cluster} to promote`);
    for (const spec of await memberSpecs(ctx, record)) {
      lines.push(describeRelease(await convergeRelease(ctx.services.helm, spec, helmOptions(ctx)), spec));
    }
    lines.push(describeOutcome(await cp.delete(serviceRef(canaryServiceName(ctx.params.revision))), serviceRef(canaryServiceName(ctx.params.revision)), cp.cluster));
    return { detail: lines.join('; ') };
  },
};

const removeOld = uninstallRevisionStep<MeshUpgradeParams>((ctx, record) => {
  if (record.revision === ctx.params.revision) throw new StepError('the mesh was recorded on the new revision before the old one was removed');
  return record.revision;
});

/** The mesh's record says the new revision and version: later joins install those. */
const recordRevision: Step = {
  id: 'record-revision',
  title: "Record the new revision and version as the mesh's",
  plan: nothingToPlan,
  async run(ctx) {
    const { revision, version, meshId } = ctx.params;
    const current = await meshRecord(ctx.services, meshId);
    // Every other field as it is: a mesh without an owner keeps none (the request type asks for one, the registry does not).
    const body = { ...changesOf(current), istioVersion: version, revision } as MeshUpdateRequest;
    await ctx.services.registry.update(meshId, current.version, body, () => {});
    return { detail: `mesh ${meshId} is recorded on revision ${revision} (Istio ${version})`, outputs: { revision, istioVersion: version } };
  },
};

/**
 * The steps of `mesh.upgrade`; the removal of the old revision only with
 * `removeOld`. Steps for members and Services change nothing in a dedicated
 * mesh (no members, no Service).
 */
export function meshUpgradeSteps(params: MeshUpgradeParams): Step[] {
  const install = [helmBase, helmIstiod, waitIstiod, exposeRevision, helmIstiodRemote, waitInjectors];
  const move = [
    moveTagsStep(direction),
    relabelNamespacesStep(direction),
    chooseRestartStep(direction),
    restartStep<MeshUpgradeParams>(),
    verifyStep(direction),
    moveEastWestStep(direction, async ctx => ctx.params.version),
    moveGatewaysStep(direction, async ctx => ctx.params.version),
  ];
  if (!params.removeOld) return [...install, ...move];
  return [...install, ...move, checkOldUnused, helmBaseDefault, promoteAddress, removeOld, recordRevision];
}
