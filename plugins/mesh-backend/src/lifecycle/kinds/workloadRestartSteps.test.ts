import type { KubernetesObject, V1Deployment } from '@kubernetes/client-node';
import type { ClusterClient } from '../clusters/ClusterClient';
import type { LifecycleServices } from '../services';
import { parseWorkloadRestartParams, WorkloadRestartParams } from './workloadRestart';
import { workloadRestartSteps } from './workloadRestartSteps';
import { RESTARTED_AT_ANNOTATION } from './workloadRollout';

/*
 * The restart step against an in-memory cluster whose Deployments are
 * rolled out at once: what it patches, and that a resumed step (the mark in
 * the operation's state already set on a Deployment) patches nothing again.
 */

const MARK = '2026-12-02T11:00:00.000Z';

function rolledOut(name: string, mark?: string): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', uid: name, generation: 1 },
    spec: {
      replicas: 1,
      selector: {},
      template: { metadata: mark ? { annotations: { [RESTARTED_AT_ANNOTATION]: mark } } : {} },
    },
    status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1 },
  };
}

function cluster(deployments: V1Deployment[], patched: string[]): ClusterClient {
  const refuse = async () => {
    throw new Error('not in these tests');
  };
  return {
    cluster: 'east',
    get: async ref => deployments.find(d => d.metadata?.name === ref.name) as never,
    list: async (_apiVersion: string, kind: string) => (kind === 'Deployment' ? deployments : []) as never[],
    mergePatch: async (ref: { name: string }) => {
      patched.push(ref.name);
      return {} as KubernetesObject as never;
    },
    apply: refuse,
    create: refuse,
    replace: refuse,
    delete: refuse,
    proxyGet: refuse,
    version: async () => 'v1.36.3',
  };
}

function context(params: WorkloadRestartParams, client: ClusterClient, state: Record<string, unknown>) {
  const services = { clusters: { forCluster: async () => client } } as unknown as LifecycleServices;
  const log = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  return { operationId: 'op', meshId: 'demo', params, state, log, signal: new AbortController().signal, services, registerSecret: () => {} } as never;
}

const params = parseWorkloadRestartParams({ kind: 'workload.restart', meshId: 'demo', cluster: 'east', namespace: 'shop', batchSize: 2 });
const [choose, restart] = workloadRestartSteps();

describe('workload.restart steps', () => {
  it('chooses every Deployment of the namespace by name, and a mark, once', async () => {
    const client = cluster([rolledOut('b'), rolledOut('a')], []);
    const result = await choose.run(context(params, client, {}));
    expect(result.state).toEqual({ workloads: ['a', 'b'], restartedAt: expect.any(String) });
  });

  it('patches the mark onto the Deployments that lack it, and none again when resumed', async () => {
    const patched: string[] = [];
    const client = cluster([rolledOut('a', MARK), rolledOut('b'), rolledOut('c')], patched);
    const result = await restart.run(context(params, client, { workloads: ['a', 'b', 'c'], restartedAt: MARK }));
    expect(patched).toEqual(['b', 'c']);
    expect(result.detail).toBe('restarted 3 Deployments in 2 batches (2 restarted by this run), all rolled out');
  });

  it('plans one update per Deployment with its batch', async () => {
    const client = cluster([rolledOut('a'), rolledOut('b'), rolledOut('c')], []);
    const plan = await restart.plan(context(params, client, {}));
    expect(plan.changes.map(c => `${c.name}: ${c.reason}`)).toEqual([
      'a: rollout restart, batch 1 of 2',
      'b: rollout restart, batch 1 of 2',
      'c: rollout restart, batch 2 of 2',
    ]);
  });
});
