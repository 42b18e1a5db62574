import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { NotFoundError } from '@backstage/errors';
import { ClusterView, MeshDetail, MeshOperation } from '@meshfleet/plugin-mesh-common';
import { readTestdata } from '../observability/__testUtils__/golden';
import { registerMeshActions } from './meshActions';

const demo: MeshDetail = {
  ...readTestdata<MeshDetail>('mesh-demo.json'),
  drift: [{ kind: 'member-missing', cluster: 'west', message: 'west is recorded as a member but istiod has no remote secret for it' }],
};

function cluster(name: string, view: Partial<ClusterView>): ClusterView {
  return { name, url: `https://${name}.example:6443`, source: 'config', reachability: 'reachable', istioRole: 'remote', revisions: [], warnings: [], ...view };
}

const clusters: ClusterView[] = [
  cluster('mesh-cp', { istioRole: 'control-plane', kubernetesVersion: 'v1.35.0', revisions: ['default'], caData: 'LS0tLS1CRUdJTi...' }),
  cluster('east', { network: 'net-east' }),
  cluster('west', {
    reachability: 'unreachable',
    error: 'connect ECONNREFUSED 127.0.0.1:16445',
    warnings: [{ cluster: 'west', object: 'Service shop/cart', message: 'port 8080 has no name' }],
  }),
];

function operation(id: string, meshId: string, status: MeshOperation['status']): MeshOperation {
  return {
    id,
    meshId,
    kind: 'cluster.join',
    status,
    params: { cluster: 'west' },
    requestedBy: 'user:default/ada',
    createdAt: '2026-12-01T10:00:00.000Z',
    steps: [{ id: 'helm-istiod-remote', title: 'Install istiod-remote', status: 'failed', attempts: 2, detail: 'helm: timed out' }],
    outputs: {},
    error:
      status === 'failed'
        ? { step: 'helm-istiod-remote', message: 'timed out waiting for the condition', completedSteps: ['member-namespace'] }
        : undefined,
  } as MeshOperation;
}

/** The actions over a fleet where the caller may read the mesh `demo` only. */
function registry() {
  const operations = [operation('op-2', 'demo', 'failed'), operation('op-1', 'other', 'succeeded')];
  const listOperations = jest.fn(async (filter: { meshId?: string; status?: string; limit?: number }) =>
    operations.filter(o => o.meshId === 'demo' && (!filter.meshId || o.meshId === filter.meshId)).slice(0, filter.limit),
  );
  const actions = actionsRegistryServiceMock({ logger: mockServices.logger.mock() });
  registerMeshActions(actions, {
    readableMesh: async (_credentials, meshId) => {
      if (meshId !== 'demo') throw new NotFoundError(`No mesh with id '${meshId}'`);
      return demo;
    },
    clusters: async () => clusters,
    listOperations,
  });
  return { actions, listOperations };
}

const credentials = mockCredentials.user('user:default/ada');

describe('read-only mesh actions', () => {
  it('are read-only and idempotent', async () => {
    const { actions } = await registry().actions.list();
    expect(actions.map(a => [a.name, a.attributes])).toEqual([
      ['get-mesh-status', { readOnly: true, idempotent: true, destructive: false }],
      ['list-mesh-clusters', { readOnly: true, idempotent: true, destructive: false }],
      ['list-mesh-operations', { readOnly: true, idempotent: true, destructive: false }],
    ]);
  });

  it('tell a mesh’s status with its drift and without its services', async () => {
    const { output } = await registry().actions.invoke({ id: 'test:get-mesh-status', input: { meshId: 'demo' }, credentials });
    const mesh = (output as any).mesh;
    expect(mesh).toMatchObject({ id: 'demo', type: demo.type, controlPlaneCluster: 'mesh-cp', serviceCount: demo.serviceCount });
    expect(mesh.drift).toEqual([demo.drift[0]]);
    expect(mesh.services).toBeUndefined();
  });

  it('answer a mesh the caller may not read as not found', async () => {
    await expect(
      registry().actions.invoke({ id: 'test:get-mesh-status', input: { meshId: 'other' }, credentials }),
    ).rejects.toThrow(NotFoundError);
  });

  it('list the mesh’s clusters control plane first, with why one is unreachable', async () => {
    const { output } = await registry().actions.invoke({ id: 'test:list-mesh-clusters', input: { meshId: 'demo' }, credentials });
    const listed = (output as any).clusters;
    expect(listed[0]).toMatchObject({ name: 'mesh-cp', role: 'control-plane', revisions: ['default'], kubernetesVersion: 'v1.35.0' });
    // An agent gets no connection data (URL, CA).
    expect(JSON.stringify(listed)).not.toMatch(/example:6443|LS0tLS1CRUdJTi/);
    expect(listed.find((c: any) => c.name === 'west')).toMatchObject({
      role: 'remote',
      reachability: 'unreachable',
      error: 'connect ECONNREFUSED 127.0.0.1:16445',
      warnings: ['Service shop/cart: port 8080 has no name'],
    });
  });

  it('list operations through the caller’s filter, with the failed step and the cause', async () => {
    const { actions, listOperations } = registry();
    const { output } = await actions.invoke({ id: 'test:list-mesh-operations', input: {}, credentials });
    expect(listOperations).toHaveBeenCalledWith({ meshId: undefined, status: undefined, limit: 20 }, credentials);
    expect((output as any).operations).toEqual([
      expect.objectContaining({
        id: 'op-2',
        status: 'failed',
        error: { step: 'helm-istiod-remote', message: 'timed out waiting for the condition', completedSteps: ['member-namespace'] },
      }),
    ]);
    expect((output as any).operations[0].params).toBeUndefined();
  });

  it('refuse a limit beyond 100, naming it', async () => {
    await expect(
      registry().actions.invoke({ id: 'test:list-mesh-operations', input: { limit: 500 }, credentials }),
    ).rejects.toThrow(/limit/);
  });
});
