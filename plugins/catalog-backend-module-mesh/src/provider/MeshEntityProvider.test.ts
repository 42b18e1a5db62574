import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { SchedulerServiceTaskInvocationDefinition, SchedulerServiceTaskRunner } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { EntityProviderConnection, EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { DefaultEventsService } from '@backstage/plugin-events-node';
import { MESH_MODEL_CHANGED_TOPIC } from '@meshfleet/plugin-mesh-common';
import { hostedMesh, TEST_CLUSTER_SOURCE, TestMeshBackend } from '../__testUtils__/meshBackend';
import { MeshEntityProvider } from './MeshEntityProvider';

jest.setTimeout(60_000);

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

describe('MeshEntityProvider against the real mesh backend', () => {
  let backend: TestMeshBackend;
  let location: string;
  const logger = mockServices.logger.mock();
  const config = new ConfigReader({});
  /** The entity name of a test cluster. */
  const clusterEntity = (name: string) => `${TEST_CLUSTER_SOURCE}-${name}`;

  beforeAll(async () => {
    backend = await TestMeshBackend.start(['east', 'west', 'south']);
    await backend.register(hostedMesh('shop', 'east', ['west']));
    location = 'meshfleet-mesh:mesh';
  });
  beforeEach(() => {
    jest.clearAllMocks();
    backend.comeBack();
  });

  function provider(extra: Partial<Parameters<typeof MeshEntityProvider.fromConfig>[1]> = {}) {
    const schedule = manualSchedule();
    const p = MeshEntityProvider.fromConfig(config, {
      logger,
      auth: mockServices.auth(),
      discovery: backend.discovery,
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
    expect(names(mutation).sort()).toEqual(['shop', clusterEntity('east'), clusterEntity('south'), clusterEntity('west')]);
    expect(mutation.entities.every(e => e.locationKey === location)).toBe(true);
    const shop = mutation.entities.find(e => e.entity.metadata.name === 'shop')!;
    expect(shop.entity.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': location,
      'backstage.io/managed-by-origin-location': location,
    });
  });

  it('keeps its entities while the mesh backend is down and says so once', async () => {
    const { provider: p } = provider();
    const { conn, mutations } = connection();
    await p.connect(conn);
    await p.refresh();
    await backend.goDown();
    await p.refresh();
    await p.refresh();
    expect(mutations).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(
      /meshfleet-mesh: cannot read the mesh backend, keeping the 4 entities applied last: .*failed \(ECONNREFUSED\)/,
    );
    backend.comeBack();
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

    // The mesh backend announces each registration on its events service; in
    // one backend that is this provider's too (module.test.ts), here the test
    // passes the announcement on.
    const announce = (meshId: string) =>
      events.publish({
        topic: MESH_MODEL_CHANGED_TOPIC,
        eventPayload: { clusters: ['south'], meshes: [meshId], changedAt: new Date().toISOString() },
      });
    await backend.register(hostedMesh('payments', 'south'));
    await announce('payments');
    await waitFor(() => mutations.length === 2);
    const added = delta(mutations[1]);
    expect(names(added)).toEqual(['payments']);
    expect(added.removed).toEqual([]);

    await backend.unregister('payments');
    await announce('payments');
    await waitFor(() => mutations.length === 3);
    const removed = delta(mutations[2]);
    expect(names(removed)).toEqual([]);
    expect(removed.removed).toEqual([{ entityRef: 'resource:default/payments', locationKey: location }]);
  });

  it("computes an event's delta against the catalog's entities of the provider, read with its own credentials", async () => {
    const catalogEntities: Entity[] = [];
    const catalog = { getEntities: jest.fn(async () => ({ items: catalogEntities })) };
    const { provider: p } = provider({ catalog });
    const { conn, mutations } = connection();
    await p.connect(conn);
    await p.refresh();
    // The catalog holds what was applied, and a mesh another replica applied
    // and the mesh backend no longer has; one cluster another replica changed.
    catalogEntities.push(...full(mutations[0]).entities.map(e => structuredClone(e.entity)));
    const stale = structuredClone(catalogEntities.find(e => e.metadata.name === 'shop')!);
    stale.metadata.name = 'stale';
    catalogEntities.push(stale);
    const east = catalogEntities.find(e => e.metadata.name === clusterEntity('east'))!;
    east.metadata.title = 'changed by another replica';

    await p.onModelChanged({ clusters: [], meshes: ['stale'], changedAt: new Date().toISOString() });

    expect(catalog.getEntities).toHaveBeenCalledWith(
      expect.objectContaining({ filter: { 'metadata.annotations.backstage.io/managed-by-location': location } }),
      { credentials: mockCredentials.service('plugin:test') },
    );
    const applied = delta(mutations[1]);
    expect(names(applied)).toEqual([clusterEntity('east')]);
    expect(applied.removed).toEqual([{ entityRef: 'resource:default/stale', locationKey: location }]);
  });

  it('removes a mesh the event names and the model no longer has, before the catalog shows it', async () => {
    // Another replica applied 'fresh' a moment ago: the catalog has not processed it yet.
    const catalog = { getEntities: jest.fn(async () => ({ items: [] as Entity[] })) };
    const { provider: p } = provider({ catalog });
    const { conn, mutations } = connection();
    await p.connect(conn);
    await p.refresh();
    catalog.getEntities.mockResolvedValue({ items: full(mutations[0]).entities.map(e => e.entity) });

    await p.onModelChanged({ clusters: ['east'], meshes: ['fresh', 'shop'], changedAt: new Date().toISOString() });

    const applied = delta(mutations[1]);
    expect(names(applied)).toEqual([]);
    expect(applied.removed).toEqual([{ entityRef: 'resource:default/fresh', locationKey: location }]);
  });

  it('computes the delta against what it applied when the catalog cannot be read, and says so', async () => {
    const catalog = { getEntities: jest.fn(async () => Promise.reject(new Error('catalog unavailable'))) };
    const { provider: p } = provider({ catalog });
    const { conn, mutations } = connection();
    await p.connect(conn);
    await p.refresh();
    await p.onModelChanged({ clusters: ['east'], meshes: [], changedAt: new Date().toISOString() });
    expect(mutations).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      "meshfleet-mesh: cannot read the provider's entities from the catalog, computing the delta against the 4 entities this replica applied last: Error: catalog unavailable",
    );
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
    const clusters = await backend.waitForClusters(all => all.every(c => c.unreachableSince));
    const since = clusters.find(c => c.name === 'west')!.unreachableSince!;
    let now = new Date(since);
    const { provider: p } = provider({ clock: () => now });
    const { conn, mutations } = connection();
    await p.connect(conn);
    await p.refresh();
    const west = full(mutations[0]).entities.find(e => e.entity.metadata.name === clusterEntity('west'))!;
    expect(west.entity.metadata.annotations).toMatchObject({
      'meshfleet.io/reachability': 'unreachable',
      'meshfleet.io/unreachable-since': since,
    });

    // The default grace period is an hour.
    now = new Date(Date.parse(since) + 61 * 60_000);
    await p.onModelChanged({ clusters: [], meshes: [], changedAt: now.toISOString() });
    expect(delta(mutations[1]).removed).toContainEqual({
      entityRef: `resource:default/${clusterEntity('west')}`,
      locationKey: location,
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(`meshfleet-mesh: cluster ${TEST_CLUSTER_SOURCE}/west: left out: unreachable since ${since}`),
    );
  });

  it('surfaces translation problems, naming the clusters', async () => {
    // Entity names are lower case: 'EAST' and 'east' from one source would be one entity.
    const clashing = await TestMeshBackend.start(['east', 'EAST']);
    const { provider: p } = provider({ discovery: clashing.discovery });
    const { conn, mutations } = connection();
    await p.connect(conn);
    await p.refresh();
    expect(names(mutations[0])).toEqual([clusterEntity('east')]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        new RegExp(
          `^meshfleet-mesh: cluster ${TEST_CLUSTER_SOURCE}/(EAST|east): left out: its entity ref resource:default/${clusterEntity('east')} is already taken by cluster ${TEST_CLUSTER_SOURCE}/(east|EAST)$`,
        ),
      ),
    );
  });

  it('reads its schedule from config', () => {
    const scheduler = mockServices.scheduler.mock();
    scheduler.createScheduledTaskRunner.mockReturnValue(manualSchedule().runner);
    MeshEntityProvider.fromConfig(
      new ConfigReader({ catalog: { providers: { meshfleet: { schedule: { frequency: { minutes: 2 }, timeout: { minutes: 1 } } } } } }),
      { logger, auth: mockServices.auth(), discovery: backend.discovery, scheduler },
    );
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({ frequency: { minutes: 2 }, timeout: { minutes: 1 } });
  });
});

/** Waits for a mutation the provider applies in the background after an event. */
async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 20));
  }
}
