import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend, TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
// The mesh backend is the provider's data source; only tests import it.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import meshBackend from '@meshfleet/plugin-mesh-backend';
import { MeshClient, MeshRecord } from '@meshfleet/plugin-mesh-common';
import { Server } from 'node:http';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/databases';
import { hostedMesh, unreachableClusters } from './__testUtils__/meshBackend';
import { catalogModuleMesh } from './module';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/**
 * Every plugin's database, created once and handed to every replica: two
 * backends on one database, as production's replicas are on one PostgreSQL.
 */
function sharedDatabasePerPlugin(engines: TestDatabases, id: TestDatabaseId) {
  const byPlugin = new Map<string, ReturnType<TestDatabases['init']>>();
  return () =>
    createServiceFactory({
      service: coreServices.database,
      deps: { plugin: coreServices.pluginMetadata },
      async factory({ plugin }) {
        const pluginId = plugin.getId();
        if (!byPlugin.has(pluginId)) {
          byPlugin.set(pluginId, engines.init(id));
        }
        const knex = await byPlugin.get(pluginId)!;
        return { getClient: async () => knex, migrations: { skip: false } };
      },
    });
}

/** One replica: the catalog with this module and the mesh backend, on the shared databases. */
class Replica {
  private constructor(
    readonly server: Server,
    readonly meshes: MeshClient,
    private readonly stopBackend: () => Promise<void>,
  ) {}

  static async start(database: ReturnType<typeof sharedDatabasePerPlugin>): Promise<Replica> {
    const backend = await startTestBackend({
      features: [
        catalogBackend,
        catalogModuleMesh,
        meshBackend,
        unreachableClusters(['east', 'west']),
        // The events service of this replica alone: what the events backend's
        // bus does too, since every replica's module subscribes under one id
        // and the publishing replica's own module handles the event.
        eventsServiceFactory,
        database(),
        mockServices.rootConfig.factory({
          data: {
            // The test scheduler runs the full sync once at start: afterwards
            // only the change events reach the catalog, as between full syncs.
            catalog: { providers: { meshfleet: { schedule: { frequency: { minutes: 30 }, timeout: { minutes: 1 } } } } },
            events: { useEventBus: 'never' },
          },
        }),
      ],
    });
    const { port } = backend.server.address() as { port: number };
    const meshes = new MeshClient({ discoveryApi: { getBaseUrl: async () => `http://localhost:${port}/api/mesh` } });
    return new Replica(backend.server, meshes, () => backend.stop());
  }

  stop(): Promise<void> {
    return this.stopBackend();
  }

  /** The mesh entity's title in the catalog, or undefined when there is none. */
  async meshTitle(name: string): Promise<string | undefined> {
    const res = await request(this.server)
      .get(`/api/catalog/entities/by-name/resource/default/${name}`)
      .set('Authorization', mockCredentials.user.header());
    return res.status === 200 ? res.body.metadata.title : undefined;
  }
}

const token = mockCredentials.user.token();

describe.each(databases.eachSupportedId())('two replicas on one %s database', databaseId => {
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    const database = sharedDatabasePerPlugin(databases, databaseId);
    a = await Replica.start(database);
    b = await Replica.start(database);
    await eventually('both replicas list the clusters', async () => {
      for (const replica of [a, b]) {
        const clusters = await replica.meshes.listClusters({ token });
        if (clusters.length !== 2) return false;
      }
      return true;
    });
  });

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('removes a mesh deleted through the replica that never applied it', async () => {
    const created = await b.meshes.registerMesh(hostedMesh('gone', 'east'), { token });
    await eventually("mesh 'gone' in the catalog (applied by b)", async () => (await a.meshTitle('gone')) !== undefined);

    await a.meshes.deleteMesh('gone', { token, ifMatch: created.version });
    await eventually("mesh 'gone' out of the catalog (its deletion applied by a)", async () => (await b.meshTitle('gone')) === undefined);
    expect(await a.meshTitle('gone')).toBeUndefined();
  });

  it('restores a title that the other replica changed in between', async () => {
    let mesh: MeshRecord = await a.meshes.registerMesh({ ...hostedMesh('retitled', 'west'), title: 'First' }, { token });
    await eventually("mesh 'retitled' is 'First' (applied by a)", async () => (await b.meshTitle('retitled')) === 'First');

    mesh = await b.meshes.updateMesh('retitled', { ...hostedMesh('retitled', 'west'), title: 'Second' }, { token, ifMatch: mesh.version });
    await eventually("mesh 'retitled' is 'Second' (applied by b)", async () => (await a.meshTitle('retitled')) === 'Second');

    // a last applied 'First': compared with its own memory, nothing changed.
    await a.meshes.updateMesh('retitled', { ...hostedMesh('retitled', 'west'), title: 'First' }, { token, ifMatch: mesh.version });
    await eventually("mesh 'retitled' is 'First' again (applied by a)", async () => (await b.meshTitle('retitled')) === 'First');
    expect(await a.meshTitle('retitled')).toBe('First');
  });
});

/** Polls `check` until it holds; fails naming what was awaited. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`not within ${timeoutMs} ms: ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}
