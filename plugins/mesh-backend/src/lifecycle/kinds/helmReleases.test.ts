import type { HelmReleaseSpec, HelmReleaseStatus, HelmRunner } from '../helm/HelmRunner';
import { convergeRelease } from './helmReleases';

const spec: HelmReleaseSpec = {
  cluster: 'east',
  release: 'istiod-remote',
  namespace: 'istio-system',
  chart: 'istiod',
  version: '1.31.0',
  values: { profile: 'remote' },
};

/** Helm as the calls see it: one release whose status the calls change as Helm would. */
function helmWith(initial: Pick<HelmReleaseStatus, 'status' | 'chart' | 'revision'> | undefined) {
  let release = initial && { release: spec.release, namespace: spec.namespace, ...initial };
  let values: Record<string, unknown> = { profile: 'old' };
  const calls: string[] = [];
  const helm: HelmRunner = {
    chartSourceDescription: 'test charts',
    async status() {
      return release;
    },
    async getValues() {
      return release && values;
    },
    async chartAvailable() {
      return true;
    },
    async upgradeInstall(s) {
      calls.push('upgrade --install');
      if (release && release.status.startsWith('pending-')) throw new Error('another operation (install/upgrade/rollback) is in progress');
      release = { release: s.release, namespace: s.namespace, status: 'deployed', chart: `${s.chart}-${s.version}`, revision: (release?.revision ?? 0) + 1 };
      values = s.values;
    },
    async uninstall() {
      calls.push('uninstall');
      release = undefined;
      return 'uninstalled';
    },
    async rollback() {
      calls.push('rollback');
      release = { ...release!, status: 'deployed', revision: release!.revision + 1 };
    },
  };
  return { helm, calls };
}

describe('convergeRelease after a Helm run that was cut off (a killed backend)', () => {
  it('uninstalls a release left pending-install, then installs it', async () => {
    const { helm, calls } = helmWith({ status: 'pending-install', chart: 'istiod-1.31.0', revision: 1 });
    await expect(convergeRelease(helm, spec)).resolves.toBe('installed');
    expect(calls).toEqual(['uninstall', 'upgrade --install']);
  });

  it('rolls a release left pending-upgrade back to its last revision, then upgrades it', async () => {
    const { helm, calls } = helmWith({ status: 'pending-upgrade', chart: 'istiod-1.31.0', revision: 2 });
    await expect(convergeRelease(helm, spec)).resolves.toBe('upgraded');
    expect(calls).toEqual(['rollback', 'upgrade --install']);
  });

  it('leaves a deployed or failed release to the usual upgrade', async () => {
    for (const status of ['deployed', 'failed']) {
      const { helm, calls } = helmWith({ status, chart: 'istiod-1.30.0', revision: 1 });
      await expect(convergeRelease(helm, spec)).resolves.toBe('upgraded');
      expect(calls).toEqual(['upgrade --install']);
    }
  });
});
