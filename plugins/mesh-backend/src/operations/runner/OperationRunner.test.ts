import { mockServices } from '@backstage/backend-test-utils';
import { MeshOperation } from '@meshfleet/plugin-mesh-common';
import knexFactory, { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import {
  crashableStore,
  databaseService,
  eventually,
  gate,
  recordingNotifier,
  registryOf,
  ScriptedKind,
} from '../__testUtils__/scriptedKinds';
import { StepError } from '../errors';
import { DatabaseOperationStore } from '../store/DatabaseOperationStore';
import { OperationStore } from '../store/OperationStore';
import { OperationRunner } from './OperationRunner';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** Short clocks, so a lost lease is noticed quickly; nothing below asserts a duration. */
const TIMINGS = { leaseDurationMs: 1500, heartbeatIntervalMs: 100, pollIntervalMs: 50, shutdownGraceMs: 2000 };

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';
const KUBECONFIG_USER = 'users:\n- name: reader\n  user:\n    token: reader-token-abcdefgh\n    client-key-data: a2V5LWRhdGEta2V5LWRhdGE=';

describe.each(databases.eachSupportedId())('the operations runner on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseOperationStore;
  const cleanups: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    store = await DatabaseOperationStore.create({ database: databaseService(knex) });
  });

  afterEach(async () => {
    while (cleanups.length) {
      await cleanups.pop()!();
    }
  });

  function runner(kind: ScriptedKind, options: { store?: OperationStore; concurrency?: number; name?: string } = {}) {
    const { notifier, published } = recordingNotifier();
    const instance = new OperationRunner({
      store: options.store ?? store,
      kinds: registryOf(kind),
      services: undefined,
      notifier,
      logger: mockServices.logger.mock(),
      concurrency: options.concurrency ?? 2,
      timings: TIMINGS,
      replicaId: options.name,
    });
    cleanups.push(() => instance.stop());
    return { runner: instance, published };
  }

  /** A second connection pool to the same database, as a second replica has (SQLite in memory has one). */
  async function secondConnection(): Promise<Knex> {
    if (!databaseId.startsWith('POSTGRES')) {
      return knex;
    }
    const other = knexFactory({ client: 'pg', connection: knex.client.config.connection, pool: { min: 0, max: 5 } });
    cleanups.push(() => other.destroy());
    return other;
  }

  async function start(meshId: string, kind: ScriptedKind, on: OperationStore = store): Promise<MeshOperation> {
    const params = { meshId, cluster: 'east' };
    return on.create({
      id: randomUUID(),
      meshId,
      kind: kind.kind,
      params,
      requestedBy: 'user:default/alice',
      createdAt: new Date(),
      steps: kind.steps(params).map(({ id, title }) => ({ id, title })),
    });
  }

  const ended = (id: string) => async () => {
    const operation = await store.get(id);
    return operation && ['succeeded', 'failed'].includes(operation.status) ? operation : undefined;
  };

  it('runs each operation exactly once with two replicas on one database', async () => {
    const kind = new ScriptedKind('cluster.join', ['first', 'second']);
    const ran: string[] = [];
    const slowly = (id: string) => async (ctx: { operationId: string }) => {
      ran.push(`${ctx.operationId}/${id}`);
      await new Promise(resolve => setTimeout(resolve, 20));
      return { detail: `did ${id}` };
    };
    kind.script('first', slowly('first')).script('second', slowly('second'));
    const storeB = await DatabaseOperationStore.create({ database: databaseService(await secondConnection()) });
    const operations = await Promise.all(['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map(mesh => start(mesh, kind)));

    const a = runner(kind, { name: 'a' });
    const b = runner(kind, { name: 'b', store: storeB });
    a.runner.start();
    b.runner.start();
    const results = await Promise.all(operations.map(o => eventually(ended(o.id), `operation ${o.meshId} to end`)));

    expect(results.map(o => o.status)).toEqual(Array(6).fill('succeeded'));
    expect(ran.sort()).toEqual(operations.flatMap(o => [`${o.id}/first`, `${o.id}/second`]).sort());
    expect(results.flatMap(o => o.steps.map(s => s.attempts))).toEqual(Array(12).fill(1));
  });

  it('resumes an operation whose replica crashed mid-step at that step on another replica, once the lease expired', async () => {
    const kind = new ScriptedKind('cluster.join', ['first', 'second', 'third']);
    const stuck = gate<never>();
    const seenBySecond: unknown[] = [];
    kind.script('first', async () => ({ detail: 'created the namespace', state: { namespace: 'istio-system' } }));
    kind.script('second', async ctx => {
      seenBySecond.push(ctx.state.namespace);
      return stuck.promise;
    });
    const crashing = crashableStore(store);
    const a = runner(kind, { name: 'a', store: crashing });
    const operation = await start('demo', kind);
    a.runner.start();
    await eventually(async () => kind.runsOf('second') === 1, 'the second step to start on replica a');
    crashing.crash();

    kind.script('second', async ctx => {
      seenBySecond.push(ctx.state.namespace);
      return { detail: 'installed istiod', outputs: { revision: '1-28-0' } };
    });
    const b = runner(kind, { name: 'b' });
    b.runner.start();
    const done = await eventually(ended(operation.id), 'the operation to end on replica b');

    expect(done.status).toBe('succeeded');
    expect(done.steps.map(s => [s.id, s.status, s.attempts])).toEqual([
      ['first', 'succeeded', 1],
      ['second', 'succeeded', 2],
      ['third', 'succeeded', 1],
    ]);
    expect([kind.runsOf('first'), kind.runsOf('second'), kind.runsOf('third')]).toEqual([1, 2, 1]);
    expect(seenBySecond).toEqual(['istio-system', 'istio-system']);
    expect(done.outputs).toEqual({ revision: '1-28-0' });
    const log = (await store.readLog(operation.id, 0, 100)).map(e => e.message);
    expect(log).toContain("Resuming cluster.join of mesh 'demo' at step 'second' on replica b");
    expect(log).toContain('Started (attempt 2): second in east');
  });

  it('records a failure with the step, the cause and the steps done, and resumes there on retry', async () => {
    const kind = new ScriptedKind('cluster.join', ['first', 'second', 'third']);
    kind.script('second', async () => {
      throw new StepError('chart version 1.99.0 not found in the chart source', { hint: 'Pick a version the chart source holds' });
    });
    const { runner: r, published } = runner(kind);
    const operation = await start('demo', kind);
    r.start();
    const failed = await eventually(ended(operation.id), 'the operation to fail');
    expect(failed).toMatchObject({
      status: 'failed',
      error: {
        step: 'second',
        message: 'chart version 1.99.0 not found in the chart source',
        completedSteps: ['first'],
        hint: 'Pick a version the chart source holds',
      },
    });
    expect(failed.steps.map(s => s.status)).toEqual(['succeeded', 'failed', 'pending']);
    // The failed status is stored before its event is published, so the event may trail the read.
    const statuses = () => published.map(p => (p.eventPayload as { status: string }).status);
    await eventually(async () => statuses().length >= 2, 'the failure event to be published');
    expect(statuses()).toEqual(['running', 'failed']);

    kind.script('second', async () => ({ detail: 'installed' }));
    await store.retry(operation.id);
    r.wake();
    const succeeded = await eventually(async () => {
      const o = await store.get(operation.id);
      return o?.status === 'succeeded' ? o : undefined;
    }, 'the retried operation to succeed');
    expect(succeeded.steps.map(s => [s.id, s.attempts])).toEqual([
      ['first', 1],
      ['second', 2],
      ['third', 1],
    ]);
    expect(kind.runsOf('first')).toBe(1);
    expect(succeeded.error).toBeUndefined();
  });

  it('stores no key, token or kubeconfig credential in the log, a detail or an error', async () => {
    const kind = new ScriptedKind('cluster.join', ['read-token', 'write']);
    kind.script('read-token', async ctx => {
      ctx.registerSecret('the-reader-token-value-123');
      ctx.log.info(`read the reader token the-reader-token-value-123 (${Buffer.from('the-reader-token-value-123').toString('base64')})`);
      ctx.log.info(`applied cacerts ${PEM}`);
      ctx.log.warn(`kubeconfig for the remote secret:\n${KUBECONFIG_USER}`);
      ctx.log.info('GET https://east:6443/api with Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
      return { detail: 'wrote istio-remote-secret-east with token the-reader-token-value-123' };
    });
    kind.script('write', async () => {
      throw new Error(`apply failed: Secret data "ca-key.pem": ${PEM}; token: the-reader-token-value-123`);
    });
    const { runner: r } = runner(kind);
    const operation = await start('demo', kind);
    r.start();
    const failed = await eventually(ended(operation.id), 'the operation to fail');

    const stored = JSON.stringify({ failed, log: await store.readLog(operation.id, 0, 100) });
    for (const secret of ['the-reader-token-value-123', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7', 'reader-token-abcdefgh', 'a2V5LWRhdGEta2V5LWRhdGE', 'eyJhbGciOiJSUzI1NiJ9', Buffer.from('the-reader-token-value-123').toString('base64')]) {
      expect(stored).not.toContain(secret);
    }
    expect(failed.steps[0].detail).toBe('wrote istio-remote-secret-east with token [redacted]');
    expect(failed.error!.message).toBe('apply failed: Secret data "ca-key.pem": [redacted private key]; token: [redacted]');
  });

  it('on shutdown aborts the running step and hands the operation on at once', async () => {
    const kind = new ScriptedKind('mesh.create', ['wait-for-istiod', 'expose']);
    kind.script('wait-for-istiod', ctx => new Promise((_resolve, reject) => {
      ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
    }));
    const a = runner(kind, { name: 'a' });
    const operation = await start('demo', kind);
    a.runner.start();
    await eventually(async () => kind.runsOf('wait-for-istiod') === 1, 'the step to start');
    await a.runner.stop();
    expect(a.runner.runningOperations()).toEqual([]);
    const stopped = (await store.get(operation.id))!;
    expect(stopped.status).toBe('running');
    expect(stopped.steps[0].status).toBe('running');
    // Released: claimable at once, without waiting for the lease to expire.
    expect(await store.listClaimable(new Date(), ['mesh.create'], 10)).toEqual([{ id: operation.id, kind: 'mesh.create', status: 'running' }]);
    const log = (await store.readLog(operation.id, 0, 100)).map(e => e.message);
    expect(log).toContain('Interrupted (the backend is shutting down); the operation resumes at this step');

    kind.script('wait-for-istiod', async () => ({ detail: 'istiod is Ready' }));
    const b = runner(kind, { name: 'b' });
    b.runner.start();
    const done = await eventually(ended(operation.id), 'the operation to end on replica b');
    expect(done.status).toBe('succeeded');
    expect(done.steps.map(s => s.attempts)).toEqual([2, 1]);
  });

  it('runs at most `concurrency` operations at once on one replica', async () => {
    const kind = new ScriptedKind('cluster.join', ['only']);
    const release = gate();
    let running = 0;
    let most = 0;
    kind.script('only', async () => {
      running++;
      most = Math.max(most, running);
      await release.promise;
      running--;
      return { detail: 'done' };
    });
    const operations = await Promise.all(['m1', 'm2', 'm3', 'm4'].map(mesh => start(mesh, kind)));
    const { runner: r } = runner(kind, { concurrency: 2 });
    r.start();
    await eventually(async () => kind.runsOf('only') === 2, 'two operations to start');
    expect(r.runningOperations()).toHaveLength(2);
    release.open();
    await Promise.all(operations.map(o => eventually(ended(o.id), `operation ${o.meshId} to end`)));
    expect(most).toBe(2);
    expect(kind.runsOf('only')).toBe(4);
  });
});
