import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { MeshApi, MeshOperation, MeshOperationPlan } from '@meshfleet/plugin-mesh-common';
import { endedOperation, operationsClientStub } from '../__testUtils__/operationsClient';
import { createInjectionSetAction } from './injectionSet';
import { createWorkloadRestartAction } from './workloadRestart';

/*
 * mesh:injection:set and mesh:workload:restart as thin clients: the request
 * each sends, the plan a dry run logs, and the outputs a run gives. The
 * client is a stand-in answering as the operations API does (the kinds
 * themselves run against the fleet in the mesh backend's
 * injection.fleet.test.ts).
 */

function client(answer: MeshOperation, plan?: MeshOperationPlan) {
  return operationsClientStub(answer, plan).api;
}

function options(api: ReturnType<typeof client>) {
  return { client: api as unknown as MeshApi, auth: mockServices.auth(), catalog: catalogServiceMock() };
}

describe('mesh:injection:set', () => {
  it('logs the label changes of the plan in a dry run and changes nothing', async () => {
    const plan = {
      kind: 'injection.set',
      meshId: 'demo',
      steps: [{ id: 'injection-labels', title: 'Set the injection labels' }],
      changes: [{ cluster: 'east', action: 'update', apiVersion: 'v1', kind: 'Namespace', name: 'shop', reason: 'set label istio.io/rev=canary; remove label istio-injection' }],
      helmReleases: [],
      warnings: [],
    } as unknown as MeshOperationPlan;
    const api = client(endedOperation('injection.set', {}), plan);
    // createMockActionContext takes input; the dry run flag is set over it, as the scaffolder sets it.
    const logger = mockServices.logger.mock();
    const input = { mesh: 'demo', cluster: 'east', namespace: 'shop', enabled: true, tag: 'canary' };
    const ctx = { ...createMockActionContext({ input, logger: logger as never }), isDryRun: true };
    await createInjectionSetAction(options(api)).handler(ctx as never);
    expect(api.startOperation).toHaveBeenCalledWith(
      { kind: 'injection.set', meshId: 'demo', cluster: 'east', namespace: 'shop', enabled: true, tag: 'canary' },
      expect.objectContaining({ dryRun: true }),
    );
    const logged = logger.info.mock.calls.map(call => String(call[0])).join('\n');
    expect(logged).toContain('set label istio.io/rev=canary; remove label istio-injection');
    expect(ctx.output).toHaveBeenCalledWith('status', 'planned');
    expect(api.getOperation).not.toHaveBeenCalled();
  });

  it('sends a workload with its resources and outputs what the operation did', async () => {
    const api = client(endedOperation('injection.set', { target: 'Deployment shop/reviews-v1 in east', outcome: 'kept', changes: 'no change' }));
    const input = { mesh: 'demo', cluster: 'east', namespace: 'shop', workload: 'reviews-v1', enabled: true, resources: { cpuRequest: '50m' } };
    const ctx = createMockActionContext({ input });
    await createInjectionSetAction(options(api)).handler(ctx as never);
    expect(api.startOperation.mock.calls[0][0]).toEqual({ kind: 'injection.set', meshId: 'demo', cluster: 'east', namespace: 'shop', workload: 'reviews-v1', enabled: true, resources: { cpuRequest: '50m' } });
    expect(ctx.output).toHaveBeenCalledWith('outcome', 'kept');
    expect(ctx.output).toHaveBeenCalledWith('target', 'Deployment shop/reviews-v1 in east');
  });
});

describe('mesh:workload:restart', () => {
  it('outputs the pods and, per Deployment, its sidecars and their revisions', async () => {
    const workloads = [{ workload: 'echo', pods: 2, podsWithSidecar: 2, revisions: ['default'] }];
    const api = client(endedOperation('workload.restart', { restarted: 1, pods: 2, podsWithSidecar: 2, workloads: JSON.stringify(workloads) }));
    const ctx = createMockActionContext({ input: { mesh: 'demo', cluster: 'east', namespace: 'shop', batchSize: 2 } });
    await createWorkloadRestartAction(options(api)).handler(ctx as never);
    expect(api.startOperation.mock.calls[0][0]).toEqual({ kind: 'workload.restart', meshId: 'demo', cluster: 'east', namespace: 'shop', batchSize: 2 });
    expect(ctx.output).toHaveBeenCalledWith('pods', 2);
    expect(ctx.output).toHaveBeenCalledWith('podsWithSidecar', 2);
    expect(ctx.output).toHaveBeenCalledWith('workloads', workloads);
  });
});
