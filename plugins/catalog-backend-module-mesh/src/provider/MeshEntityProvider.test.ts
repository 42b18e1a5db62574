import { mockServices } from '@backstage/backend-test-utils';
import { SchedulerServiceTaskInvocationDefinition, SchedulerServiceTaskRunner } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { EntityProviderConnection, EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { DefaultEventsService } from '@backstage/plugin-events-node';
import { MESH_MODEL_CHANGED_TOPIC } from '@meshfleet/plugin-mesh-common';
import { cluster, mesh, MeshBackendStub } from '../__testUtils__/meshBackendStub';
import { MeshEntityProvider } from './MeshEntityProvider';

/** A task runner that records the task instead of scheduling it. */
function manualSchedule() {
  const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
  const runner: SchedulerServiceTaskRunner = { run: async task => void tasks.push(task) };
  return { runner, tasks };
}

function connection() {
  const mutations: EntityProviderMutation[] = [];
  const conn: EntityProviderConnection = {
    applyMutation: jest.fn(async m => void mutations.push(m)),
    refresh: jest.fn(),
  };
  return { conn, mutations };
}

function full(m: EntityProviderMutation) {
  if (m.type !== 'full') throw new Error(`expected a full mutation, got ${m.type}`);
  return m;
}

function delta(m: EntityProviderMutation) {
  if (m.type !== 'delta') throw new Error(`expected a delta mutation, got ${m.type}`);
  return m;
}

const names = (m: EntityProviderMutation) =>
  m.type === 'full' ? m.entities.map(e => e.entity.metadata.name) : m.added.map(e => e.entity.metadata.name);

describe('MeshEntityProvider', () => {
  const stub = new MeshBackendStub();
  let discovery: Awaited<ReturnType<MeshBackendStub['start']>>['discovery'];
  let baseUrl: string;
  const logger = mockServices.logger.mock();
  const config = new ConfigReader({});

  beforeAll(async () => {
    ({ discovery, baseUrl } = await stub.start());
  });
  afterAll(() => stub.stop());
  beforeEach(() => {
    jest.clearAllMocks();
    stub.failWith = undefined;
    stub.model = { clusters: [cluster('east'), cluster('west')], meshes: [mesh('shop', 'east', ['west'])] };
  });

  function provider(extra: Partial<Parameters<typeof MeshEntityProvider.fromConfig>[1]> = {}) {
    const schedule = manualSchedule();
    const p = MeshEntityProvider.fromConfig(config, {
      logger,
      auth: mockServices.auth(),
      discovery,
      schedule: schedule.runner,
      ...extra,
    });
    return { provider: p, schedule };
  }

  it('has a stable name', () => {
    expect(provider().provider.getProviderName()).toBe('meshfleet-mesh');
  });

  it('refuses to refresh before the catalog has connected it', async () => {
    await expect(provider().provider.refresh()).rejects.toThrow('refresh() called before the catalog connected the provider');
  });

  it('schedules a full mutation keyed by its location', async () => {
    const { provider: p, schedule } = provider();
    const { conn, mutations } = connection();
    await p.connect(conn);
    expect(schedule.tasks.map(t => t.id)).toEqual(['meshfleet-mesh:refresh']);
    await schedule.tasks[0].fn(new AbortController().signal);
    expect(mutations).toHaveLength(1);
    const mutation = full(mutations[0]);
    expect(names(mutation)).toEqual(['config-east', 'config-west', 'shop']);
    const location = `meshfleet-mesh:${baseUrl}`;
    expect(mutation.entities.every(e => e.locationKey === location)).toBe(true);
    expect(mutation.entities[2].entity.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': location,
      'backstage.io/managed-by-origin-location': location,
    });
  });

  it('keeps its entities while the mesh backend is down and says so once', async () => {
    const { provider: p } = provider();
    const { conn, mutations } = connection();
    await p.connect(conn);
    await p.refresh();
    stub.failWith = 503;
    await p.refresh();
    await p.refresh();
    expect(mutations).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(
      /meshfleet-mesh: cannot read the mesh backend, keeping the 3 entities applied last: .*answered 503/,
    );
    stub.failWith = undefined;
    await p.refresh();
    expect(logger.info).toHaveBeenCalledWith('meshfleet-mesh: the mesh backend answers again');
    expect(mutations).toHaveLength(2);
  });

  it('applies only the difference when the model-changed event arrives', async () => {
    const events = DefaultEventsService.create({ logger });
    const { provider: p } = provider({ events });
    const { conn, mutations } = connection();
    await p.connect(conn);
    await p.refresh();

    stub.model = {
      clusters: [cluster('east'), cluster('north')],
      meshes: [mesh('shop', 'east', ['north'])],
    };
    const started = Date.now();
    await events.publish({
      topic: MESH_MODEL_CHANGED_TOPIC,
      eventPayload: { clusters: ['west', 'north'], changedAt: new Date().toISOString() },
    });
    await waitFor(() => mutations.length === 2);
    expect(Date.now() - started).toBeLessThan(5000);
    const change = delta(mutations[1]);
    expect(names(change)).toEqual(['config-north', 'shop']);
    expect(change.removed).toEqual([{ entityRef: 'resource:default/config-west', locationKey: `meshfleet-mesh:${baseUrl}` }]);
  });

  it('does nothing on an event when nothing changed', async () => {
    const { provider: p } = provider();
    const { conn, mutations } = connection();
    await p.connect(conn);
    await p.refresh();
    await p.onModelChanged({ clusters: ['east'], meshes: [], changedAt: new Date().toISOString() });
    expect(mutations).toHaveLength(1);
  });

  it('answers an event before the first sync with a full mutation', async () => {
    const { provider: p } = provider();
    const { conn, mutations } = connection();
    await p.connect(conn);
    await p.onModelChanged({ clusters: ['east'], meshes: [], changedAt: new Date().toISOString() });
    expect(mutations.map(m => m.type)).toEqual(['full']);
  });

  it('keeps an unreachable cluster for the grace period, then removes it', async () => {
    let now = new Date('2026-09-21T12:00:00Z');
    const { provider: p } = provider({ clock: () => now });
    const { conn, mutations } = connection();
    stub.model.clusters[1] = cluster('west', {
      reachability: 'unreachable',
      unreachableSince: '2026-09-21T11:30:00Z',
      lastSyncAt: '2026-09-21T11:29:50Z',
      error: 'connect ECONNREFUSED',
    });
    await p.connect(conn);
    await p.refresh();
    expect(names(mutations[0])).toEqual(['config-east', 'config-west', 'shop']);
    expect(full(mutations[0]).entities[1].entity.metadata.annotations?.['meshfleet.io/reachability']).toBe('unreachable');

    now = new Date('2026-09-21T12:31:00Z');
    await p.onModelChanged({ clusters: [], meshes: [], changedAt: now.toISOString() });
    expect(delta(mutations[1]).removed).toEqual([
      { entityRef: 'resource:default/config-west', locationKey: `meshfleet-mesh:${baseUrl}` },
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('meshfleet-mesh: cluster config/west: left out: unreachable since 2026-09-21T11:30:00Z'),
    );
  });

  it('surfaces translation problems with the cluster name', async () => {
    const { provider: p } = provider();
    const { conn } = connection();
    stub.model.clusters.push(cluster('broken', { url: '' }));
    await p.connect(conn);
    await p.refresh();
    expect(logger.warn).toHaveBeenCalledWith(
      'meshfleet-mesh: cluster config/broken: left out: the mesh backend gave no API server URL',
    );
  });

  it('reads its schedule from config', () => {
    const scheduler = mockServices.scheduler.mock();
    scheduler.createScheduledTaskRunner.mockReturnValue(manualSchedule().runner);
    MeshEntityProvider.fromConfig(
      new ConfigReader({ catalog: { providers: { meshfleet: { schedule: { frequency: { minutes: 2 }, timeout: { minutes: 1 } } } } } }),
      { logger, auth: mockServices.auth(), discovery, scheduler },
    );
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({ frequency: { minutes: 2 }, timeout: { minutes: 1 } });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 20));
  }
}
