import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import type { WatchedFleetListener } from '../live/KubernetesMeshDiscovery';
import type { FleetChange } from '../live/MeshDiscoveryService';
import type { ClusterSnapshot, FleetSnapshot } from '../types';
import { DiscoveryLease } from './DiscoveryLease';
import { FleetWatcher, SharedMeshDiscovery } from './SharedMeshDiscovery';
import {
  LeaseLostError,
  SharedSnapshotStore,
  toStoredCluster,
} from './SharedSnapshotStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const migrationsDir = resolvePackagePath(
  '@meshfleet/plugin-mesh-backend',
  'migrations',
);

const LEASE_MS = 1500;
const POLL_MS = 100;

function cluster(name: string, services: string[]): ClusterSnapshot {
  return {
    status: {
      name,
      url: `https://${name}.example:6443`,
      source: 'config',
      reachability: 'reachable',
      lastSyncAt: '2026-12-20T00:00:00.000Z',
      kubernetesVersion: 'v1.36.0',
    },
    istio: {
      cluster: name,
      role: 'none',
      revisions: [],
      remoteSecrets: [],
      injection: [],
      gateways: [],
      warnings: [],
    },
    services: services.map(s => ({
      namespace: 'shop',
      name: s,
      ports: [{ port: 80, protocol: 'TCP' }],
      selector: { app: s },
    })),
  };
}

/** A {@link FleetWatcher} reading the {@link FakeFleet} (KubernetesMeshDiscovery reads real clusters). */
class FakeWatcher implements FleetWatcher {
  private readonly seen = new Map<string, ClusterSnapshot>();
  private readonly listeners = new Set<WatchedFleetListener>();
  private timer?: NodeJS.Timeout;
  firstReadDone = false;

  constructor(private readonly fleet: FakeFleet, readonly replica: string) {}

  async start(): Promise<void> {
    this.fleet.running.add(this);
    // As KubernetesMeshDiscovery: every cluster known at once, its state unknown until read.
    for (const c of this.fleet.state.values()) {
      this.seen.set(c.status.name, {
        status: { ...c.status, reachability: 'unknown' },
        services: [],
      });
    }
    this.emit([...this.seen.keys()]);
    this.timer = setTimeout(() => {
      this.firstReadDone = true;
      this.reread([...this.fleet.state.keys()]);
    }, this.fleet.firstReadDelayMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.fleet.running.delete(this);
  }

  reread(names: string[]): void {
    if (!this.firstReadDone) return;
    for (const name of names) {
      const state = this.fleet.state.get(name)!;
      this.seen.set(
        name,
        this.fleet.unreachable.has(name)
          ? {
              status: {
                name,
                url: state.status.url,
                source: 'config',
                reachability: 'unreachable',
                error: 'connect ECONNREFUSED (reading /version)',
                unreachableSince: '2026-12-20T00:01:00.000Z',
              },
              services: [],
            }
          : state,
      );
    }
    this.emit(names);
  }

  getSnapshot(): FleetSnapshot {
    return {
      takenAt: new Date().toISOString(),
      clusters: [...this.seen.values()],
    };
  }

  subscribe(listener: WatchedFleetListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async refresh(): Promise<void> {}

  sourcesRead(): boolean {
    return true;
  }

  private emit(names: string[]): void {
    const snapshot = this.getSnapshot();
    this.listeners.forEach(l => l(snapshot, names));
  }
}

/**
 * The clusters as a stand-in for the API servers: what a read of each
 * returns, which cannot be reached, and how long a watcher's first read takes.
 * It records which replicas run a watcher, which is what the tests count.
 */
class FakeFleet {
  readonly state = new Map<string, ClusterSnapshot>();
  readonly unreachable = new Set<string>();
  readonly running = new Set<FakeWatcher>();
  firstReadDelayMs = 0;

  set(snapshot: ClusterSnapshot): void {
    this.state.set(snapshot.status.name, snapshot);
    this.running.forEach(w => w.reread([snapshot.status.name]));
  }

  watcher(replica: string): FakeWatcher {
    return new FakeWatcher(this, replica);
  }

  watchers(): string[] {
    return [...this.running].map(w => w.replica).sort();
  }
}

async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise(r => setTimeout(r, 20));
  }
}

function servicesOf(snapshot: FleetSnapshot, name: string): string[] {
  const found = snapshot.clusters.find(c => c.status.name === name);
  return (found?.services ?? []).map(s => s.name);
}

describe.each(databases.eachSupportedId())(
  'SharedMeshDiscovery, two replicas on one %s database',
  databaseId => {
    let knex: Knex;
    let secondKnex: Knex;
    let fleet: FakeFleet;
    const replicas: SharedMeshDiscovery[] = [];
    const changes: Array<{ replica: string } & FleetChange> = [];

    function replica(name: string, db: Knex): SharedMeshDiscovery {
      const discovery = new SharedMeshDiscovery({
        lease: new DiscoveryLease(async () => db, name, LEASE_MS),
        store: new SharedSnapshotStore(async () => db),
        createWatcher: () => fleet.watcher(name),
        logger: mockServices.logger.mock(),
        leaseDurationMs: LEASE_MS,
        pollIntervalMs: POLL_MS,
      });
      discovery.subscribe((_snapshot, change) =>
        changes.push({ replica: name, ...change }),
      );
      replicas.push(discovery);
      return discovery;
    }

    async function twoReplicas() {
      const a = replica('replica-a', knex);
      await a.start();
      const b = replica('replica-b', secondKnex);
      await b.start();
      await waitFor('replica-b to load both clusters', async () => {
        const s = await b.getSnapshot();
        return s.clusters.filter(c => c.istio).length === 2;
      });
      return { a, b };
    }

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      // Another connection pool, as a second process has; SQLite in memory is one connection.
      secondKnex =
        knex.client.config.client === 'pg'
          ? knexFactory({
              client: 'pg',
              connection: knex.client.config.connection,
              pool: { min: 0, max: 3 },
            })
          : knex;
      fleet = new FakeFleet();
      fleet.set(cluster('east', ['cart']));
      fleet.set(cluster('west', ['cart', 'payments']));
      changes.length = 0;
    });

    afterEach(async () => {
      await Promise.all(replicas.splice(0).map(r => r.stop()));
      if (secondKnex && secondKnex !== knex) await secondKnex.destroy();
    });

    it('lets one replica watch while both answer the same, also right after a change', async () => {
      const { a, b } = await twoReplicas();
      // Several lease periods: the holder renews, the other never watches.
      await new Promise(r => setTimeout(r, 2 * LEASE_MS));
      expect(fleet.watchers()).toEqual(['replica-a']);
      expect([a.role(), b.role()]).toEqual(['leader', 'follower']);
      expect((await b.getSnapshot()).clusters).toEqual(
        (await a.getSnapshot()).clusters,
      );

      changes.length = 0;
      fleet.set(cluster('east', ['cart', 'orders']));
      await waitFor('the holder to announce the change', () =>
        changes.some(c => c.replica === 'replica-a'),
      );
      // Asked right after the announcement, the other replica already answers with it.
      expect(servicesOf(await b.getSnapshot(), 'east')).toEqual([
        'cart',
        'orders',
      ]);
      expect(changes).toContainEqual({
        replica: 'replica-a',
        origin: 'watches',
        clusters: ['east'],
      });
      // What the other replica loads is never announced as something it saw.
      expect(
        changes.filter(c => c.replica === 'replica-b').map(c => c.origin),
      ).not.toContain('watches');
    });

    it('serves a re-read that changed nothing with its new read time, without writing or announcing it', async () => {
      const { a, b } = await twoReplicas();
      const generation = await new SharedSnapshotStore(async () => knex).generation();
      changes.length = 0;
      const reread = cluster('east', ['cart']);
      fleet.set({ ...reread, status: { ...reread.status, lastSyncAt: '2026-12-20T00:05:00.000Z' } });
      await waitFor('the holder to serve the new read time', async () => {
        const east = (await a.getSnapshot()).clusters.find(c => c.status.name === 'east');
        return east?.status.lastSyncAt === '2026-12-20T00:05:00.000Z';
      });
      // Nothing for the catalog to do, nothing for the other replica to load.
      await new Promise(r => setTimeout(r, 5 * POLL_MS));
      expect(changes).toEqual([]);
      expect(await new SharedSnapshotStore(async () => knex).generation()).toBe(generation);
      expect(servicesOf(await b.getSnapshot(), 'east')).toEqual(['cart']);

      // An unreachable cluster's read time says how old its kept state is: that is shared.
      fleet.unreachable.add('west');
      fleet.running.forEach(w => w.reread(['west']));
      await waitFor('the holder to announce west unreachable', () =>
        changes.some(c => c.replica === 'replica-a' && c.clusters.includes('west')),
      );
    });

    it('moves the watches to the other replica within the lease time when the holder dies, never serving an empty model', async () => {
      const { a, b } = await twoReplicas();
      const shared = await b.getSnapshot();
      // The next holder's first read is slow, and finds west down.
      fleet.firstReadDelayMs = 600;
      fleet.unreachable.add('west');

      const served: FleetSnapshot[] = [];
      let polling = true;
      const poller = (async () => {
        while (polling) {
          served.push(await b.getSnapshot());
          await new Promise(r => setTimeout(r, 10));
        }
      })();

      await a.stop({ releaseLease: false });
      await waitFor(
        'replica-b to hold the lease',
        () => b.role() === 'leader',
        LEASE_MS + 2 * POLL_MS + 500,
      );
      expect(fleet.watchers()).toEqual(['replica-b']);
      await waitFor('replica-b to read the clusters', () =>
        [...fleet.running].every(w => w.firstReadDone),
      );
      await waitFor('replica-b to announce what it read', () =>
        changes.some(c => c.replica === 'replica-b' && c.origin === 'watches'),
      );
      polling = false;
      await poller;

      expect(served.length).toBeGreaterThan(10);
      for (const snapshot of served) {
        expect(snapshot.clusters.map(c => c.status.name)).toEqual([
          'east',
          'west',
        ]);
        expect(snapshot.clusters.every(c => c.istio)).toBe(true);
      }
      const west = (await b.getSnapshot()).clusters.find(
        c => c.status.name === 'west',
      )!;
      const westBefore = shared.clusters.find(c => c.status.name === 'west')!;
      expect(west.status).toMatchObject({
        reachability: 'unreachable',
        error: 'connect ECONNREFUSED (reading /version)',
        lastSyncAt: westBefore.status.lastSyncAt,
      });
      expect(west.istio).toEqual(westBefore.istio);
      expect(west.services).toEqual(westBefore.services);
      expect(changes).toContainEqual({
        replica: 'replica-b',
        origin: 'watches',
        clusters: ['west'],
      });
    });

    it('hands the lease over at once on a clean stop', async () => {
      const { a } = await twoReplicas();
      await a.stop();
      const lease = new DiscoveryLease(async () => knex, 'observer', LEASE_MS);
      expect(await lease.currentHolder()).not.toBe('replica-a');
    });

    it('refuses a write from a replica that does not hold the lease', async () => {
      await twoReplicas();
      const store = new SharedSnapshotStore(async () => knex);
      const before = await store.generation();
      await expect(
        store.write(
          'replica-b',
          [toStoredCluster(cluster('east', ['forged']))],
          ['west'],
        ),
      ).rejects.toBeInstanceOf(LeaseLostError);
      expect(await store.generation()).toBe(before);
      const all = await store.changesSince(-1);
      expect(all?.present.sort()).toEqual(['east', 'west']);
      expect(
        all?.changed.find(c => c.name === 'east')?.snapshot.services,
      ).toEqual(cluster('east', ['cart']).services);
    });
  },
);
