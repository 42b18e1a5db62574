import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { DatabaseMeshStore } from './DatabaseMeshStore';
import { NewMesh } from './MeshStore';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

function databaseService(knex: Knex): DatabaseService {
  return { getClient: async () => knex, migrations: { skip: false } };
}

const hosted: NewMesh = {
  id: 'payments',
  title: 'Payments mesh',
  type: 'hosted',
  controlPlaneCluster: 'mesh-cp',
  trustDomain: 'payments.example.com',
  revision: '1-28-0',
  istioVersion: '1.28.0',
  members: [
    { cluster: 'west', network: 'net-west' },
    { cluster: 'east', network: 'net-east' },
  ],
};

describe.each(databases.eachSupportedId())('DatabaseMeshStore on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseMeshStore;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    store = await DatabaseMeshStore.create({ database: databaseService(knex) });
  });

  it('starts empty after migrating', async () => {
    expect(await store.listMeshes()).toEqual([]);
    expect(await store.getMesh('payments')).toBeUndefined();
  });

  it('stores a mesh with its members and reads it back', async () => {
    const created = await store.createMesh(hosted);
    expect(created).toEqual({
      ...hosted,
      members: [
        { cluster: 'east', network: 'net-east' },
        { cluster: 'west', network: 'net-west' },
      ],
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(Math.abs(Date.parse(created.createdAt) - Date.now())).toBeLessThan(60_000);
    expect(await store.listMeshes()).toEqual([created]);
    expect(await store.getMesh('payments')).toEqual(created);
  });

  it('omits an unknown Istio version instead of returning null', async () => {
    const { istioVersion, ...external } = { ...hosted, id: 'legacy', type: 'external' as const, members: [] };
    const created = await store.createMesh(external);
    expect(created).not.toHaveProperty('istioVersion');
    expect(istioVersion).toBe('1.28.0');
  });

  it('lists meshes ordered by id', async () => {
    await store.createMesh({ ...hosted, id: 'zeta', members: [] });
    await store.createMesh({ ...hosted, id: 'alpha', members: [] });
    expect((await store.listMeshes()).map(m => m.id)).toEqual(['alpha', 'zeta']);
  });

  it('refuses a second mesh with the same id, naming it', async () => {
    await store.createMesh(hosted);
    await expect(store.createMesh({ ...hosted, members: [] })).rejects.toThrow(
      new ConflictError("A mesh with id 'payments' already exists"),
    );
  });

  it('refuses a cluster that already belongs to another mesh and applies nothing of the second mesh', async () => {
    await store.createMesh(hosted);
    const second: NewMesh = {
      ...hosted,
      id: 'search',
      members: [
        { cluster: 'north', network: 'net-north' },
        { cluster: 'east', network: 'net-east' },
      ],
    };
    await expect(store.createMesh(second)).rejects.toThrow("Cluster 'east' is already a member of mesh 'payments'");
    expect(await store.getMesh('search')).toBeUndefined();
    expect((await store.listMeshes()).map(m => m.id)).toEqual(['payments']);
  });

  it('is safe to migrate twice (a restarted backend)', async () => {
    await store.createMesh(hosted);
    const again = await DatabaseMeshStore.create({ database: databaseService(knex) });
    expect((await again.listMeshes()).map(m => m.id)).toEqual(['payments']);
  });
});
