import type { PlannedHelmRelease } from '@meshfleet/plugin-mesh-common';
import { isDeepStrictEqual } from 'node:util';
import type { HelmCallOptions, HelmReleaseSpec, HelmRunner } from '../helm/HelmRunner';

type ReleaseTarget = { cluster: string; release: string; namespace: string };

/** JSON's view of values (what `helm get values -o json` gives back). */
function normalized(values: Record<string, unknown> | undefined): unknown {
  return JSON.parse(JSON.stringify(values ?? {}));
}

/** Whether the installed release is exactly `spec`: deployed, same chart version, same values. */
async function isCurrent(helm: HelmRunner, spec: HelmReleaseSpec, options?: HelmCallOptions): Promise<'absent' | boolean> {
  const status = await helm.status(spec, options);
  if (!status) return 'absent';
  if (status.status !== 'deployed' || status.chart !== `${spec.chart}-${spec.version}`) return false;
  const values = await helm.getValues(spec, options);
  return isDeepStrictEqual(normalized(values), normalized(spec.values));
}

/** What `helm upgrade --install` of `spec` would do. Changes nothing. */
export async function planRelease(helm: HelmRunner, spec: HelmReleaseSpec, options?: HelmCallOptions): Promise<PlannedHelmRelease> {
  const current = await isCurrent(helm, spec, options);
  let action: PlannedHelmRelease['action'] = current ? 'unchanged' : 'upgrade';
  if (current === 'absent') action = 'install';
  return {
    cluster: spec.cluster,
    action,
    release: spec.release,
    namespace: spec.namespace,
    chart: spec.chart,
    version: spec.version,
    values: spec.values,
  };
}

/** Helm's states of a release whose install, upgrade or rollback was cut off: Helm refuses to change it further. */
const CUT_OFF = new Set(['pending-install', 'pending-upgrade', 'pending-rollback']);

/**
 * Undoes a Helm run that died half-way (a backend killed while this step
 * ran): Helm answers "another operation (install/upgrade/rollback) is in
 * progress" to every later upgrade of such a release. No Helm can still be
 * working on it: only Meshfleet's operations write these releases, one
 * operation per mesh at a time, and the runner aborts a step (and its Helm)
 * whose lease it lost. A cut-off install is uninstalled (its record and the
 * objects it had created), a cut-off upgrade or rollback rolled back to the
 * revision before it; the caller then converges as usual.
 */
async function undoCutOffRun(helm: HelmRunner, spec: HelmReleaseSpec, options?: HelmCallOptions): Promise<void> {
  const status = await helm.status(spec, options);
  if (!status || !CUT_OFF.has(status.status)) return;
  options?.log?.info(`Helm release ${spec.release} in ${spec.cluster} is ${status.status} from a Helm run that was cut off; undoing it`);
  if (status.status === 'pending-install') await helm.uninstall(spec, options);
  else await helm.rollback(spec, options);
}

/** Installs or upgrades the release unless it is already exactly `spec` (after undoing a cut-off Helm run). */
export async function convergeRelease(
  helm: HelmRunner,
  spec: HelmReleaseSpec,
  options?: HelmCallOptions,
): Promise<'installed' | 'upgraded' | 'unchanged'> {
  await undoCutOffRun(helm, spec, options);
  const current = await isCurrent(helm, spec, options);
  if (current === true) return 'unchanged';
  await helm.upgradeInstall(spec, options);
  return current === 'absent' ? 'installed' : 'upgraded';
}

/** What `helm uninstall` would do. Changes nothing. */
export async function planUninstall(
  helm: HelmRunner,
  target: ReleaseTarget & { chart: string },
  options?: HelmCallOptions,
): Promise<PlannedHelmRelease> {
  const status = await helm.status(target, options);
  const prefix = `${target.chart}-`;
  return {
    cluster: target.cluster,
    action: status ? 'uninstall' : 'unchanged',
    release: target.release,
    namespace: target.namespace,
    chart: target.chart,
    version: status?.chart.startsWith(prefix) ? status.chart.slice(prefix.length) : (status?.chart ?? ''),
    values: {},
  };
}

/** `installed istiod (istiod 1.31.0) in mesh-cp`: one line for a step's detail. */
export function describeRelease(outcome: string, spec: Pick<HelmReleaseSpec, 'release' | 'chart' | 'version' | 'cluster'>): string {
  const verb = outcome === 'unchanged' ? 'kept' : outcome;
  return `${verb} Helm release ${spec.release} (${spec.chart} ${spec.version}) in ${spec.cluster}`;
}
