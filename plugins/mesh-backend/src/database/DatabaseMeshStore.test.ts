import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { DatabaseMeshStore } from './DatabaseMeshStore';
import { MeshVersionConflictError } from './errors';
import { MeshChanges, NewMesh } from './MeshStore';
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
  controlPlaneNetwork: 'net-cp',
  trustDomain: 'payments.example.com',
  revision: '1-28-0',
  istioVersion: '1.28.0',
  owner: 'group:default/payments-team',
  members: [
    { cluster: 'west', network: 'net-west' },
    { cluster: 'east', network: 'net-east' },
  ],
};

function changesOf(mesh: NewMesh): MeshChanges {
  const { title, owner, controlPlaneNetwork, istioVersion, revision, trustDomain, members } = mesh;
  return { title, owner, controlPlaneNetwork, istioVersion, revision, trustDomain, members };
}

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

  it('stores a mesh at version 1 with its owner, networks and members, and reads it back', async () => {
    const created = await store.createMesh(hosted);
    expect(created).toEqual({
      ...hosted,
      members: [
        { cluster: 'east', network: 'net-east' },
        { cluster: 'west', network: 'net-west' },
      ],
      version: 1,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(Math.abs(Date.parse(created.createdAt) - Date.now())).toBeLessThan(60_000);
    expect(await store.listMeshes()).toEqual([created]);
    expect(await store.getMesh('payments')).toEqual(created);
  });

  it('omits an unknown Istio version and owner instead of returning null', async () => {
    const { istioVersion: _v, owner: _o, ...bare } = { ...hosted, id: 'legacy', type: 'external' as const, members: [] };
    const created = await store.createMesh(bare);
    expect(created).not.toHaveProperty('istioVersion');
    expect(created).not.toHaveProperty('owner');
  });

  it('lists meshes ordered by id', async () => {
    await store.createMesh({ ...hosted, id: 'zeta', controlPlaneCluster: 'z', members: [] });
    await store.createMesh({ ...hosted, id: 'alpha', controlPlaneCluster: 'a', members: [] });
    expect((await store.listMeshes()).map(m => m.id)).toEqual(['alpha', 'zeta']);
  });

  it('refuses a second mesh with the same id, naming it', async () => {
    await store.createMesh(hosted);
    await expect(store.createMesh({ ...hosted, controlPlaneCluster: 'other', members: [] })).rejects.toThrow(
      new ConflictError("A mesh with id 'payments' already exists"),
    );
  });

  it('refuses a cluster that already belongs to another mesh, as member or control plane, and writes nothing', async () => {
    await store.createMesh(hosted);
    const memberTaken: NewMesh = {
      ...hosted,
      id: 'search',
      controlPlaneCluster: 'north',
      members: [{ cluster: 'east', network: 'net-east' }],
    };
    await expect(store.createMesh(memberTaken)).rejects.toThrow(
      "Cluster 'east' already belongs to mesh 'payments' as a member",
    );
    const controlPlaneTaken: NewMesh = { ...hosted, id: 'search', controlPlaneCluster: 'mesh-cp', members: [] };
    await expect(store.createMesh(controlPlaneTaken)).rejects.toThrow(
      "Cluster 'mesh-cp' already belongs to mesh 'payments' as the control plane",
    );
    expect((await store.listMeshes()).map(m => m.id)).toEqual(['payments']);
  });

  it('updates the changeable fields and members, incrementing the version', async () => {
    await store.createMesh(hosted);
    const updated = await store.updateMesh('payments', 1, {
      ...changesOf(hosted),
      title: 'Payments',
      owner: 'group:default/checkout-team',
      istioVersion: undefined,
      controlPlaneNetwork: 'net-cp2',
      members: [
        { cluster: 'east', network: 'net-east2' },
        { cluster: 'north', network: 'net-north' },
      ],
    });
    expect(updated).toMatchObject({
      title: 'Payments',
      owner: 'group:default/checkout-team',
      controlPlaneNetwork: 'net-cp2',
      members: [
        { cluster: 'east', network: 'net-east2' },
        { cluster: 'north', network: 'net-north' },
      ],
      version: 2,
    });
    expect(updated).not.toHaveProperty('istioVersion');
    expect(await store.getMesh('payments')).toEqual(updated);
    // west was released, so another mesh may take it now.
    await expect(
      store.createMesh({ ...hosted, id: 'search', controlPlaneCluster: 'west', members: [] }),
    ).resolves.toMatchObject({ id: 'search' });
  });

  it('refuses a stale version with the current record and changes nothing', async () => {
    await store.createMesh(hosted);
    const v2 = await store.updateMesh('payments', 1, { ...changesOf(hosted), title: 'First' });
    const stale = store.updateMesh('payments', 1, { ...changesOf(hosted), title: 'Second' });
    await expect(stale).rejects.toBeInstanceOf(MeshVersionConflictError);
    await expect(stale).rejects.toMatchObject({ current: v2, expectedVersion: 1 });
    await expect(store.deleteMesh('payments', 1)).rejects.toBeInstanceOf(MeshVersionConflictError);
    expect(await store.getMesh('payments')).toEqual(v2);
  });

  it('lets exactly one of two concurrent updates from the same version win', async () => {
    await store.createMesh(hosted);
    const results = await Promise.allSettled([
      store.updateMesh('payments', 1, { ...changesOf(hosted), title: 'A' }),
      store.updateMesh('payments', 1, { ...changesOf(hosted), title: 'B' }),
    ]);
    const won = results.filter(r => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(MeshVersionConflictError);
    const current = await store.getMesh('payments');
    expect(current?.version).toBe(2);
    expect(current?.title).toBe((won[0] as PromiseFulfilledResult<{ title: string }>).value.title);
  });

  it('refuses to add a member that belongs to another mesh and writes nothing', async () => {
    await store.createMesh(hosted);
    await store.createMesh({ ...hosted, id: 'search', controlPlaneCluster: 'north', members: [] });
    await expect(
      store.updateMesh('payments', 1, {
        ...changesOf(hosted),
        title: 'changed',
        members: [...hosted.members, { cluster: 'north', network: 'n' }],
      }),
    ).rejects.toThrow("Cluster 'north' already belongs to mesh 'search' as the control plane");
    expect(await store.getMesh('payments')).toMatchObject({ title: 'Payments mesh', version: 1 });
  });

  it('deletes a mesh at its version, returning what was deleted and releasing its clusters', async () => {
    const created = await store.createMesh(hosted);
    expect(await store.deleteMesh('payments', 1)).toEqual(created);
    expect(await store.getMesh('payments')).toBeUndefined();
    await expect(store.createMesh({ ...hosted, id: 'again' })).resolves.toMatchObject({ id: 'again' });
  });

  it('answers NotFoundError for writes to a mesh it does not have', async () => {
    await expect(store.updateMesh('nope', 1, changesOf(hosted))).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.deleteMesh('nope', 1)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('is safe to migrate twice (a restarted backend)', async () => {
    await store.createMesh(hosted);
    const again = await DatabaseMeshStore.create({ database: databaseService(knex) });
    expect((await again.listMeshes()).map(m => m.id)).toEqual(['payments']);
  });
});

describe.each(databases.eachSupportedId())('registry migration on %s', databaseId => {
  it('moves the members of meshes recorded before owners and versions, and claims their control planes', async () => {
    const knex = await databases.init(databaseId);
    const directory = resolvePackagePath('@meshfleet/plugin-mesh-backend', 'migrations');
    await knex.migrate.up({ directory, name: '20261126000000_meshes.js' });
    await knex('meshfleet_meshes').insert({
      id: 'old',
      title: 'Old mesh',
      type: 'hosted',
      control_plane_cluster: 'mesh-cp',
      trust_domain: 'cluster.local',
      revision: 'default',
    });
    await knex('meshfleet_mesh_members').insert({ mesh_id: 'old', cluster: 'east', network: 'net-east' });

    const store = await DatabaseMeshStore.create({ database: databaseService(knex) });
    const old = await store.getMesh('old');
    expect(old).toMatchObject({ version: 1, members: [{ cluster: 'east', network: 'net-east' }] });
    expect(old).not.toHaveProperty('owner');
    expect(old).not.toHaveProperty('controlPlaneNetwork');
    await expect(store.createMesh({ ...hosted, id: 'new', members: [] })).rejects.toThrow(
      "Cluster 'mesh-cp' already belongs to mesh 'old' as the control plane",
    );
  });
});
