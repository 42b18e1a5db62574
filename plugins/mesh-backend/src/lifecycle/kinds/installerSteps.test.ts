import { ConfigReader } from '@backstage/config';
import type { MeshRecord, MeshRegistrationRequest } from '@meshfleet/plugin-mesh-common';
import type { ControlPlaneInstallRequest, MeshInstallerStrategy } from '@meshfleet/plugin-mesh-node';
import { readLifecycleConfig } from '../config';
import type { LifecycleServices } from '../services';
import type { LifecycleContext } from './common';
import { installWithStrategy, uninstallWithStrategy } from './installerSteps';
import type { MeshCreateParams } from './meshCreate';
import { meshCreateSteps } from './meshCreateSteps';
import type { MeshDeleteParams } from './meshDelete';
import { meshDeleteSteps } from './meshDeleteSteps';

const config = readLifecycleConfig(
  new ConfigReader({ meshfleet: { istio: { hub: 'registry.example/istio', versions: [{ version: '1.31.0' }] } } }),
);

const registration: MeshRegistrationRequest = {
  id: 'payments',
  title: 'Payments',
  type: 'hosted',
  controlPlaneCluster: 'mesh-cp',
  controlPlaneNetwork: 'net-cp',
  members: [],
  istioVersion: '1.31.0',
  revision: '1-31-0',
  trustDomain: 'payments.example',
  owner: 'group:default/payments',
};
const mesh: MeshRecord = {
  ...registration,
  members: [],
  version: 1,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
};
const createParams: MeshCreateParams = { kind: 'mesh.create', mesh: registration };

/** A strategy that records what it is asked and answers like a GitOps installer. */
function recordingStrategy(fail?: string) {
  const calls: { method: 'install' | 'uninstall'; request: Partial<ControlPlaneInstallRequest> }[] = [];
  const strategy: MeshInstallerStrategy = {
    name: 'gitops',
    async install(request) {
      calls.push({ method: 'install', request });
      if (fail) throw new Error(fail);
      return { revision: request.revision, steps: [`commit istiod-${request.revision} for ${request.cluster}`] };
    },
    async uninstall(request) {
      calls.push({ method: 'uninstall', request });
      return { revision: request.revision, steps: [`remove istiod-${request.revision} from ${request.cluster}`] };
    },
  };
  return { strategy, calls };
}

function contextOf<P>(params: P, record: MeshRecord, installer: MeshInstallerStrategy) {
  const logged: string[] = [];
  const services = {
    config,
    installer,
    store: { getMesh: async (id: string) => (id === record.id ? record : undefined) },
  } as unknown as LifecycleServices;
  const ctx: LifecycleContext<P> = {
    operationId: 'op-1',
    meshId: record.id,
    params,
    state: {},
    services,
    signal: new AbortController().signal,
    log: { info: m => logged.push(m), warn: m => logged.push(m), error: m => logged.push(m) },
    registerSecret: () => undefined,
  };
  return { ctx, logged };
}

describe('installer strategy steps', () => {
  it('replace the Helm steps of mesh.create and mesh.delete only when a module set a strategy', () => {
    const { strategy } = recordingStrategy();
    const ids = (steps: { id: string }[]) => steps.map(s => s.id);
    expect(ids(meshCreateSteps(createParams))).toEqual([
      'register', 'istio-namespace', 'trust', 'helm-base', 'helm-istiod', 'wait-istiod', 'expose-istiod',
    ]);
    expect(ids(meshCreateSteps(createParams, strategy))).toEqual([
      'register', 'istio-namespace', 'trust', 'install-istiod', 'wait-istiod', 'expose-istiod',
    ]);
    const eastWest = ['cross-network-gateway', 'eastwest-control-plane'];
    expect(ids(meshDeleteSteps())).toEqual(['expose-istiod', ...eastWest, 'helm-istiod', 'helm-base', 'trust', 'unregister']);
    expect(ids(meshDeleteSteps(strategy))).toEqual(['expose-istiod', ...eastWest, 'uninstall-istiod', 'trust', 'unregister']);
  });

  it("plan with a dry run of the strategy and show its lines as the plan's notes", async () => {
    const { strategy, calls } = recordingStrategy();
    const { ctx } = contextOf(createParams, mesh, strategy);
    const plan = await installWithStrategy(strategy, () => mesh).plan(ctx);
    expect(plan).toEqual({ changes: [], helmReleases: [], warnings: [], notes: ['commit istiod-1-31-0 for mesh-cp'] });
    expect(calls).toEqual([{ method: 'install', request: expect.objectContaining({ dryRun: true }) }]);
  });

  it("install with the mesh's facts and the Helm values Meshfleet's own steps would use", async () => {
    const { strategy, calls } = recordingStrategy();
    const { ctx, logged } = contextOf(createParams, mesh, strategy);
    const result = await installWithStrategy(strategy, () => mesh).run(ctx);
    expect(calls[0].request).toEqual({
      meshId: 'payments',
      cluster: 'mesh-cp',
      istioVersion: '1.31.0',
      revision: '1-31-0',
      trustDomain: 'payments.example',
      network: 'net-cp',
      externalIstiod: true,
      helmValues: {
        base: { defaultRevision: '1-31-0' },
        istiod: {
          revision: '1-31-0',
          global: {
            hub: 'registry.example/istio',
            tag: '1.31.0',
            meshID: 'payments',
            multiCluster: { clusterName: 'mesh-cp' },
            network: 'net-cp',
            externalIstiod: true,
          },
          meshConfig: { trustDomain: 'payments.example' },
        },
      },
    });
    expect(result).toEqual({
      detail: "installer strategy 'gitops' installed istiod revision 1-31-0 in mesh-cp",
      outputs: { revision: '1-31-0', istioVersion: '1.31.0' },
    });
    expect(logged).toEqual(['gitops: commit istiod-1-31-0 for mesh-cp']);
  });

  it("name the strategy when it fails, so the user knows whose error it is", async () => {
    const { strategy } = recordingStrategy('repository platform/gitops is read-only');
    const { ctx } = contextOf(createParams, mesh, strategy);
    await expect(installWithStrategy(strategy, () => mesh).run(ctx)).rejects.toThrow(
      "installer strategy 'gitops' failed to install istiod: repository platform/gitops is read-only",
    );
  });

  it("remove the mesh's revision on mesh.delete, and leave an external mesh alone", async () => {
    const { strategy, calls } = recordingStrategy();
    const deleteParams: MeshDeleteParams = { kind: 'mesh.delete', meshId: 'payments' };
    const step = uninstallWithStrategy(strategy);
    expect(await step.run(contextOf(deleteParams, mesh, strategy).ctx)).toEqual({
      detail: "installer strategy 'gitops' removed istiod revision 1-31-0 from mesh-cp",
    });
    expect(calls).toEqual([{ method: 'uninstall', request: { meshId: 'payments', cluster: 'mesh-cp', revision: '1-31-0' } }]);

    const external = { ...mesh, type: 'external' as const };
    expect(await step.run(contextOf(deleteParams, external, strategy).ctx)).toEqual({ detail: 'external mesh: nothing to remove' });
    expect(await step.plan(contextOf(deleteParams, external, strategy).ctx)).toEqual({ changes: [], helmReleases: [], warnings: [] });
    expect(calls).toHaveLength(1);
  });
});
