import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import type { ControlPlaneInstallRequest, MeshInstallerStrategy } from '@meshfleet/plugin-mesh-node';
import { installFacts, istioVersionOf, LifecycleContext, LifecycleStep, meshRecord, noChanges } from './common';
import type { LifecycleConfig } from '../config';
import type { MeshCreateParams } from './meshCreate';
import type { MeshDeleteParams } from './meshDelete';
import { baseValues, controlPlaneIstiodValues } from './values';

/*
 * The steps that hand istiod's install and removal to an installer strategy
 * a backend module set through `mesh.installer`, in place of the Helm steps.
 * The request carries the Helm values Meshfleet's own steps would use, so a
 * strategy that applies the same charts another way (GitOps) stays in step
 * with them.
 */

/**
 * What a strategy is asked to install for a mesh. The values leave out the
 * pod annotation with the cacerts fingerprint that Meshfleet's own install
 * sets to restart istiod when its CA changes: a strategy restarts istiod its
 * own way.
 */
export function installRequestOf(record: MeshRecord, config: LifecycleConfig, dryRun: boolean): ControlPlaneInstallRequest {
  const facts = installFacts(record, config);
  const network = record.controlPlaneNetwork!;
  const externalIstiod = record.type === 'hosted';
  return {
    meshId: record.id,
    cluster: record.controlPlaneCluster,
    istioVersion: istioVersionOf(record, config),
    revision: record.revision,
    trustDomain: record.trustDomain,
    network,
    externalIstiod,
    helmValues: {
      base: baseValues(facts),
      istiod: controlPlaneIstiodValues(facts, { name: record.controlPlaneCluster, network }, { externalIstiod }),
    },
    ...(dryRun ? { dryRun: true } : {}),
  };
}

/** Errors of a module's code, with the strategy named so the user knows whose they are. */
async function callStrategy<T>(installer: MeshInstallerStrategy, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new Error(`installer strategy '${installer.name}' failed to ${what}: ${(error as Error).message}`);
  }
}

/** `mesh.create`'s install of istiod through the strategy (record: the mesh as requested). */
export function installWithStrategy(
  installer: MeshInstallerStrategy,
  recordOf: (params: MeshCreateParams) => MeshRecord,
): LifecycleStep<MeshCreateParams> {
  return {
    id: 'install-istiod',
    title: `Install istiod in the control-plane cluster with the '${installer.name}' installer strategy`,
    async plan(ctx) {
      const request = installRequestOf(recordOf(ctx.params), ctx.services.config, true);
      const result = await callStrategy(installer, 'plan the install', () => installer.install(request));
      return { ...noChanges(), notes: result.steps };
    },
    async run(ctx) {
      const request = installRequestOf(recordOf(ctx.params), ctx.services.config, false);
      const result = await callStrategy(installer, 'install istiod', () => installer.install(request));
      result.steps.forEach(line => ctx.log.info(`${installer.name}: ${line}`));
      return {
        detail: `installer strategy '${installer.name}' installed istiod revision ${result.revision} in ${request.cluster}`,
        outputs: { revision: result.revision, istioVersion: request.istioVersion },
      };
    },
  };
}

/** `mesh.delete`'s removal of istiod through the strategy; nothing for an external mesh. */
export function uninstallWithStrategy(installer: MeshInstallerStrategy): LifecycleStep<MeshDeleteParams> {
  const requestOf = async (ctx: LifecycleContext<MeshDeleteParams>, dryRun: boolean) => {
    const record = await meshRecord(ctx.services, ctx.params.meshId);
    if (record.type === 'external') return undefined;
    return { meshId: record.id, cluster: record.controlPlaneCluster, revision: record.revision, ...(dryRun ? { dryRun } : {}) };
  };
  return {
    id: 'uninstall-istiod',
    title: `Remove istiod from the control-plane cluster with the '${installer.name}' installer strategy`,
    async plan(ctx) {
      const request = await requestOf(ctx, true);
      if (!request) return noChanges();
      const result = await callStrategy(installer, 'plan the removal', () => installer.uninstall(request));
      return { ...noChanges(), notes: result.steps };
    },
    async run(ctx) {
      const request = await requestOf(ctx, false);
      if (!request) return { detail: 'external mesh: nothing to remove' };
      const result = await callStrategy(installer, 'remove istiod', () => installer.uninstall(request));
      result.steps.forEach(line => ctx.log.info(`${installer.name}: ${line}`));
      return { detail: `installer strategy '${installer.name}' removed istiod revision ${request.revision} from ${request.cluster}` };
    },
  };
}
