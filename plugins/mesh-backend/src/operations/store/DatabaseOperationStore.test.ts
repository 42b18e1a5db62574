import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { databaseService } from '../__testUtils__/scriptedKinds';
import { LeaseLostError } from '../errors';
import { DatabaseOperationStore } from './DatabaseOperationStore';
import { IdempotencyKeyTakenError, MeshBusyError, NewOperation } from './OperationStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const T0 = new Date('2026-12-15T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function operation(id: string, meshId: string, extra: Partial<NewOperation> = {}): NewOperation {
  return {
    id,
    meshId,
    kind: 'cluster.join',
    params: { meshId, cluster: 'east', network: 'net-east' },
    requestedBy: 'user:default/alice',
    createdAt: T0,
    steps: [
      { id: 'first', title: 'First step' },
      { id: 'second', title: 'Second step' },
    ],
    ...extra,
  };
}

describe.each(databases.eachSupportedId())('DatabaseOperationStore on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseOperationStore;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    store = await DatabaseOperationStore.create({ database: databaseService(knex) });
  });

  it('records a pending operation with its steps and reads it back with ISO timestamps', async () => {
    const created = await store.create(operation('00000000-0000-4000-8000-000000000001', 'demo', { idempotencyKey: 'task-1/join' }));
    expect(created).toEqual({
      id: '00000000-0000-4000-8000-000000000001',
      meshId: 'demo',
      kind: 'cluster.join',
      status: 'pending',
      params: { meshId: 'demo', cluster: 'east', network: 'net-east' },
      requestedBy: 'user:default/alice',
      idempotencyKey: 'task-1/join',
      createdAt: '2026-12-15T10:00:00.000Z',
      steps: [
        { id: 'first', title: 'First step', status: 'pending', attempts: 0 },
        { id: 'second', title: 'Second step', status: 'pending', attempts: 0 },
      ],
      outputs: {},
    });
    expect(await store.getByIdempotencyKey('task-1/join')).toEqual(created);
    expect(await store.findActive('demo')).toEqual(created);
  });

  it('refuses a taken idempotency key and a second active operation of a mesh, writing nothing', async () => {
    await store.create(operation('00000000-0000-4000-8000-000000000001', 'demo', { idempotencyKey: 'k' }));
    await expect(store.create(operation('00000000-0000-4000-8000-000000000002', 'other', { idempotencyKey: 'k' }))).rejects.toBeInstanceOf(
      IdempotencyKeyTakenError,
    );
    const busy = await store.create(operation('00000000-0000-4000-8000-000000000003', 'demo')).catch(e => e);
    expect(busy).toBeInstanceOf(MeshBusyError);
    expect(busy.message).toContain("operation '00000000-0000-4000-8000-000000000001' (cluster.join) pending");
    expect((await store.list({ limit: 10 })).map(o => o.id)).toEqual(['00000000-0000-4000-8000-000000000001']);
  });

  it('lets exactly one of two replicas claim an operation, and another only after the lease expired', async () => {
    const { id } = await store.create(operation('00000000-0000-4000-8000-000000000001', 'demo'));
    const claims = await Promise.all([store.claim(id, 'a', T0, at(30)), store.claim(id, 'b', T0, at(30))]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const holder = claims[0] ? 'a' : 'b';
    const other = holder === 'a' ? 'b' : 'a';
    expect((await store.get(id))!.status).toBe('running');
    expect(await store.listClaimable(at(10), ['cluster.join'], 10)).toEqual([]);
    expect(await store.claim(id, other, at(10), at(40))).toBe(false);
    expect(await store.listClaimable(at(31), ['cluster.join'], 10)).toEqual([{ id, kind: 'cluster.join', status: 'running' }]);
    expect(await store.claim(id, other, at(31), at(61))).toBe(true);
    // The replica that lost it can neither renew nor write.
    expect(await store.renewLease(id, holder, at(70))).toBe(false);
    await expect(store.startStep(id, holder, 0, at(32))).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.succeed(id, holder, at(32))).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('records steps, merges state and outputs, and ends the operation so the mesh is free again', async () => {
    const { id } = await store.create(operation('00000000-0000-4000-8000-000000000001', 'demo'));
    await store.claim(id, 'a', T0, at(30));
    expect(await store.startStep(id, 'a', 0, at(1))).toBe(1);
    await store.completeStep(id, 'a', 0, at(2), { detail: 'did it', state: { address: '127.0.0.1' }, outputs: { revision: '1-28-0' } });
    await store.completeStep(id, 'a', 1, at(3), { detail: 'and this', state: { port: 15012 }, outputs: { joined: true } });
    expect(await store.getState(id)).toEqual({ address: '127.0.0.1', port: 15012 });
    await store.succeed(id, 'a', at(4));
    const done = (await store.get(id))!;
    expect(done).toMatchObject({
      status: 'succeeded',
      startedAt: '2026-12-15T10:00:00.000Z',
      finishedAt: '2026-12-15T10:00:04.000Z',
      outputs: { revision: '1-28-0', joined: true },
    });
    expect(done.steps[0]).toEqual({
      id: 'first',
      title: 'First step',
      status: 'succeeded',
      startedAt: '2026-12-15T10:00:01.000Z',
      finishedAt: '2026-12-15T10:00:02.000Z',
      attempts: 1,
      detail: 'did it',
    });
    expect(await store.findActive('demo')).toBeUndefined();
    await expect(store.create(operation('00000000-0000-4000-8000-000000000002', 'demo'))).resolves.toMatchObject({ status: 'pending' });
  });

  it('puts a failed operation back to pending at its failed step, and refuses other retries', async () => {
    const { id } = await store.create(operation('00000000-0000-4000-8000-000000000001', 'demo'));
    await expect(store.retry(id)).rejects.toBeInstanceOf(ConflictError);
    await store.claim(id, 'a', T0, at(30));
    await store.startStep(id, 'a', 0, at(1));
    await store.completeStep(id, 'a', 0, at(1), { detail: 'ok' });
    await store.startStep(id, 'a', 1, at(2));
    const error = { step: 'second', message: 'boom', completedSteps: ['first'], hint: 'retry' };
    await store.fail(id, 'a', 1, at(3), error);
    expect(await store.get(id)).toMatchObject({ status: 'failed', error, finishedAt: '2026-12-15T10:00:03.000Z' });

    const other = await store.create(operation('00000000-0000-4000-8000-000000000002', 'demo'));
    await expect(store.retry(id)).rejects.toBeInstanceOf(MeshBusyError);
    await store.claim(other.id, 'a', T0, at(30));
    await store.fail(other.id, 'a', 0, at(4), { ...error, step: 'first', completedSteps: [] });

    const retried = await store.retry(id);
    expect(retried.status).toBe('pending');
    expect(retried.error).toBeUndefined();
    expect(retried.finishedAt).toBeUndefined();
    expect(retried.steps.map(s => [s.id, s.status, s.attempts])).toEqual([
      ['first', 'succeeded', 1],
      ['second', 'pending', 1],
    ]);
  });

  it('numbers log lines in order and reads them after a sequence number', async () => {
    const { id } = await store.create(operation('00000000-0000-4000-8000-000000000001', 'demo'));
    const seqs = await Promise.all(
      ['one', 'two', 'three'].map((message, i) => store.appendLog(id, { at: at(i), level: 'info', message, step: 'first' })),
    );
    expect(seqs.sort()).toEqual([1, 2, 3]);
    const entries = await store.readLog(id, 1, 10);
    expect(entries.map(e => e.seq)).toEqual([2, 3]);
    expect(entries[0]).toMatchObject({ level: 'info', step: 'first' });
    expect(entries[0].at).toMatch(/^2026-12-15T10:00:0\d\.000Z$/);
  });

  it('lists newest first, filtered by mesh and status', async () => {
    await store.create(operation('00000000-0000-4000-8000-000000000001', 'a', { createdAt: at(1) }));
    await store.create(operation('00000000-0000-4000-8000-000000000002', 'b', { createdAt: at(2) }));
    await store.claim('00000000-0000-4000-8000-000000000002', 'r', at(2), at(30));
    expect((await store.list({ limit: 10 })).map(o => o.meshId)).toEqual(['b', 'a']);
    expect((await store.list({ meshId: 'a', limit: 10 })).map(o => o.meshId)).toEqual(['a']);
    expect((await store.list({ status: 'running', limit: 10 })).map(o => o.meshId)).toEqual(['b']);
    expect(await store.list({ limit: 1 })).toHaveLength(1);
  });
});
