import type { V1Service } from '@kubernetes/client-node';
import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import type { ClusterClient } from '../clusters/ClusterClient';
import { imagesFor } from '../config';
import type { HelmReleaseSpec } from '../helm/HelmRunner';
import { helmOptions, installFacts, LifecycleContext, LifecycleStep, loadBalancerAddress, meshRecord, noChanges } from './common';
import { planUninstall } from './helmReleases';
import { controlPlaneServiceManifest } from './manifests';
import { BASE_RELEASE, CONTROL_PLANE_SERVICE, ISTIO_NAMESPACE, istiodRelease, remoteRelease } from './names';
import { describeOutcome, planDelete } from './objectChanges';
import { baseValues, controlPlaneIstiodValues, MeshInstallFacts, memberIstiodValues } from './values';

/*
 * One istiod revision of a mesh beside another: its Helm releases (the
 * control plane's istiod, the members' remote profile), the Service members
 * reach it through while it is a canary, and their removal.
 */

/** The install facts of `revision` at chart `version` (the mesh's trust domain and id). */
export function revisionFacts(record: MeshRecord, ctx: LifecycleContext<unknown>, revision: string, version: string): MeshInstallFacts {
  return { ...installFacts(record, ctx.services.config), revision, images: imagesFor(ctx.services.config, version) };
}

/** The control plane's `istio-base` at `version`, its default revision `defaultRevision`. */
export function controlPlaneBaseSpec(record: MeshRecord, ctx: LifecycleContext<unknown>, version: string, defaultRevision: string): HelmReleaseSpec {
  return {
    cluster: record.controlPlaneCluster,
    release: BASE_RELEASE,
    namespace: ISTIO_NAMESPACE,
    chart: 'base',
    version,
    values: baseValues(revisionFacts(record, ctx, defaultRevision, version)),
    takeOwnership: true,
  };
}

/** Each member's `istio-base` (remote profile) at `version`, its default revision `defaultRevision`. */
export function memberBaseSpecs(record: MeshRecord, ctx: LifecycleContext<unknown>, version: string, defaultRevision: string): HelmReleaseSpec[] {
  return record.members.map(m => ({
    cluster: m.cluster,
    release: BASE_RELEASE,
    namespace: ISTIO_NAMESPACE,
    chart: 'base',
    version,
    values: baseValues(revisionFacts(record, ctx, defaultRevision, version), 'remote'),
    takeOwnership: true,
  }));
}

/** The control plane's istiod of `revision` at `version`. */
export function controlPlaneIstiodSpec(
  record: MeshRecord,
  ctx: LifecycleContext<unknown>,
  revision: string,
  version: string,
  cacertsFingerprint: string | undefined,
): HelmReleaseSpec {
  return {
    cluster: record.controlPlaneCluster,
    release: istiodRelease(revision),
    namespace: ISTIO_NAMESPACE,
    chart: 'istiod',
    version,
    values: controlPlaneIstiodValues(
      revisionFacts(record, ctx, revision, version),
      { name: record.controlPlaneCluster, network: record.controlPlaneNetwork! },
      { externalIstiod: record.type === 'hosted', ...(cacertsFingerprint ? { cacertsFingerprint } : {}) },
    ),
  };
}

/** Each member's remote profile of `revision`, its injector and xDS pointing at `address`. */
export function memberIstiodSpecs(
  record: MeshRecord,
  ctx: LifecycleContext<unknown>,
  revision: string,
  version: string,
  address: string,
): HelmReleaseSpec[] {
  return record.members.map(m => ({
    cluster: m.cluster,
    release: remoteRelease(revision),
    namespace: ISTIO_NAMESPACE,
    chart: 'istiod',
    version,
    values: memberIstiodValues(revisionFacts(record, ctx, revision, version), { name: m.cluster, network: m.network }, address),
  }));
}

/** The canary Service of a revision: `istiod-meshfleet-<revision>`. */
export function canaryServiceName(revision: string): string {
  return `${CONTROL_PLANE_SERVICE}-${revision}`;
}

/** The LoadBalancer Service members reach a canary revision's istiod through (15012, 15017). */
export function canaryServiceManifest(meshId: string, revision: string): V1Service {
  const service = controlPlaneServiceManifest(meshId, revision);
  return { ...service, metadata: { ...service.metadata, name: canaryServiceName(revision) } };
}

const serviceRef = (name: string) => ({ apiVersion: 'v1', kind: 'Service', namespace: ISTIO_NAMESPACE, name });

/**
 * Where members reach istiod of `revision`: the address given for it, else
 * the mesh's own Service `istiod-meshfleet` once it selects that revision
 * (after an upgrade finished), else the revision's canary Service;
 * undefined while the Service has no address yet.
 */
export async function revisionAddress(controlPlane: ClusterClient, revision: string, given?: string): Promise<string | undefined> {
  if (given) return given;
  const main = await controlPlane.get<V1Service>(serviceRef(CONTROL_PLANE_SERVICE));
  if (main?.spec?.selector?.['istio.io/rev'] === revision) return loadBalancerAddress(main);
  return loadBalancerAddress(await controlPlane.get<V1Service>(serviceRef(canaryServiceName(revision))));
}

/**
 * Removes revision `revision(ctx, record)` of the mesh: the members' remote
 * profile, the control plane's istiod and its canary Service. Each part
 * that is gone already is success, so a retry converges.
 */
export function uninstallRevisionStep<P extends { meshId: string }>(
  revisionOf: (ctx: LifecycleContext<P>, record: MeshRecord) => string,
): LifecycleStep<P> {
  const targets = (record: MeshRecord, revision: string) => [
    ...record.members.map(m => ({ cluster: m.cluster, release: remoteRelease(revision), namespace: ISTIO_NAMESPACE, chart: 'istiod' })),
    { cluster: record.controlPlaneCluster, release: istiodRelease(revision), namespace: ISTIO_NAMESPACE, chart: 'istiod' },
  ];
  return {
    id: 'uninstall-revision',
    title: 'Uninstall the revision no longer used (members, then the control plane)',
    async plan(ctx) {
      const record = await meshRecord(ctx.services, ctx.params.meshId);
      const revision = revisionOf(ctx, record);
      const cp = await ctx.services.clusters.forCluster(record.controlPlaneCluster);
      const helmReleases = await Promise.all(targets(record, revision).map(t => planUninstall(ctx.services.helm, t, helmOptions(ctx))));
      return { ...noChanges(), helmReleases, changes: [await planDelete(cp, serviceRef(canaryServiceName(revision)))] };
    },
    async run(ctx) {
      const record = await meshRecord(ctx.services, ctx.params.meshId);
      const revision = revisionOf(ctx, record);
      const lines: string[] = [];
      for (const target of targets(record, revision)) {
        const outcome = await ctx.services.helm.uninstall(target, helmOptions(ctx));
        lines.push(`${outcome === 'absent' ? 'found no' : 'uninstalled'} ${target.release} in ${target.cluster}`);
      }
      const cp = await ctx.services.clusters.forCluster(record.controlPlaneCluster);
      const ref = serviceRef(canaryServiceName(revision));
      lines.push(describeOutcome(await cp.delete(ref), ref, cp.cluster));
      return { detail: `revision ${revision}: ${lines.join('; ')}`, outputs: { removedRevision: revision } };
    },
  };
}
