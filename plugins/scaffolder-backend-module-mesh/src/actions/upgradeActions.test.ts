import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { endedOperation, operationsClientStub } from '../__testUtils__/operationsClient';
import { createMeshRollbackAction } from './meshRollback';
import { createMeshUpgradeAction } from './meshUpgrade';

/*
 * mesh:upgrade and mesh:rollback as thin clients: the request each sends
 * (restart fields grouped, nothing the user left out) and the outputs a run
 * gives. The client is a stand-in answering as the operations API does (the
 * kinds run against the fleet in the mesh backend's upgrade.fleet.test.ts).
 */

describe('mesh:upgrade', () => {
  it('sends only what was given, restart fields grouped, and outputs what the operation did', async () => {
    const outputs = { movedTags: 'prod', restarted: 2, verifiedRevision: '1-31-0', removedRevision: '1-30-3' };
    const { api, options: opts } = operationsClientStub(endedOperation('mesh.upgrade', outputs));
    const input = {
      mesh: 'demo',
      version: '1.31.0',
      revision: '1-31-0',
      namespaces: [{ cluster: 'east', namespace: 'shop' }],
      batchSize: 3,
      removeOld: true,
    };
    const ctx = createMockActionContext({ input });
    await createMeshUpgradeAction(opts).handler(ctx as never);
    expect(api.startOperation.mock.calls[0]).toEqual([
      {
        kind: 'mesh.upgrade',
        meshId: 'demo',
        version: '1.31.0',
        revision: '1-31-0',
        namespaces: [{ cluster: 'east', namespace: 'shop' }],
        restart: { batchSize: 3 },
        removeOld: true,
      },
      expect.anything(),
    ]);
    for (const [name, value] of Object.entries(outputs)) expect(ctx.output).toHaveBeenCalledWith(name, value);
  });
});

describe('mesh:rollback', () => {
  it('sends the canary revision, the workloads to restart and removeNew', async () => {
    const { api, options: opts } = operationsClientStub(endedOperation('mesh.rollback', { movedTags: 'prod', restarted: 1, verifiedRevision: '1-30-3' }));
    const workloads = [{ cluster: 'east', namespace: 'shop', name: 'reviews' }];
    const ctx = createMockActionContext({ input: { mesh: 'demo', fromRevision: '1-31-0', tags: ['prod'], workloads, removeNew: false } });
    await createMeshRollbackAction(opts).handler(ctx as never);
    expect(api.startOperation.mock.calls[0]).toEqual([
      { kind: 'mesh.rollback', meshId: 'demo', fromRevision: '1-31-0', tags: ['prod'], restart: { workloads }, removeNew: false },
      expect.anything(),
    ]);
    expect(ctx.output).toHaveBeenCalledWith('verifiedRevision', '1-30-3');
  });
});
