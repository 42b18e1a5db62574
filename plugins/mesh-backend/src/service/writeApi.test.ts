import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import permissionBackend from '@backstage/plugin-permission-backend';
import { AuthorizeResult, isResourcePermission, PolicyDecision } from '@backstage/plugin-permission-common';
import { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  MESH_RESOURCE_TYPE,
  meshCreatePermission,
  MeshRegistrationRequest,
  meshUpdatePermission,
} from '@meshfleet/plugin-mesh-common';
import {
  createMeshConditionalDecision,
  meshClusterSupplierExtensionPoint,
  meshConditions,
} from '@meshfleet/plugin-mesh-node';
import { Server } from 'node:http';
import request from 'supertest';
import { closedPortClusterSupplier, FLEET_CLUSTERS } from '../__testUtils__/fixedFleet';
import { httpAuthWithActorsFactory } from '../__testUtils__/httpAuthWithActors';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { meshPlugin } from '../plugin';

jest.setTimeout(120_000);

/*
 * The write API against the real backend: the real mesh plugin (its database
 * on SQLite and PostgreSQL, its discovery listing a fixed set of clusters),
 * the real permission backend with an owner-only policy, and user tokens.
 */

const databases = createTestDatabases();

const ADMIN = 'user:default/admin';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const TEAMS: Record<string, string[]> = {
  [ALICE]: [ALICE, 'group:default/team-a'],
  [BOB]: [BOB, 'group:default/team-b'],
};

/**
 * A conditional policy as a team-based organisation would write it: an admin
 * may do everything; others may not register meshes, and may read and change
 * only the meshes their groups own.
 */
class OwnerOnlyPolicy implements PermissionPolicy {
  async handle(query: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const userRef = user?.info.userEntityRef;
    if (userRef === ADMIN) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (query.permission.name === meshCreatePermission.name) {
      return { result: AuthorizeResult.DENY };
    }
    if (isResourcePermission(query.permission, MESH_RESOURCE_TYPE)) {
      const claims = TEAMS[userRef ?? ''] ?? [];
      return createMeshConditionalDecision(query.permission, meshConditions.isOwner({ claims }));
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

const ownerOnlyPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'test-owner-only-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new OwnerOnlyPolicy());
      },
    });
  },
});

const testFleet = createBackendModule({
  pluginId: 'mesh',
  moduleId: 'test-fleet',
  register(reg) {
    reg.registerInit({
      deps: { suppliers: meshClusterSupplierExtensionPoint },
      async init({ suppliers }) {
        suppliers.addClusterSupplier(closedPortClusterSupplier());
      },
    });
  },
});

function mesh(id: string, owner: string, controlPlaneCluster: string, members: string[]): MeshRegistrationRequest {
  return {
    id,
    title: `Mesh ${id}`,
    type: 'hosted',
    controlPlaneCluster,
    controlPlaneNetwork: `net-${controlPlaneCluster}`,
    members: members.map(cluster => ({ cluster, network: `net-${cluster}` })),
    revision: 'default',
    trustDomain: 'cluster.local',
    owner,
  };
}

const as = (userRef: string) => mockCredentials.user.header(userRef);

describe.each(databases.eachSupportedId())('the write API with an owner-only policy on %s', databaseId => {
  let server: Server;

  beforeEach(async () => {
    const knex = await databases.init(databaseId);
    ({ server } = await startTestBackend({
      features: [
        meshPlugin,
        testFleet,
        permissionBackend,
        ownerOnlyPolicy,
        mockServices.database.factory({ knex }),
        httpAuthWithActorsFactory,
        mockServices.rootConfig.factory({ data: { permission: { enabled: true } } }),
      ],
    }));
    await waitForClusters(server);
    for (const m of [mesh('team-a', 'group:default/team-a', 'mesh-cp', ['east']), mesh('team-b', 'group:default/team-b', 'north', [])]) {
      const created = await request(server).post('/api/mesh/meshes').set('Authorization', as(ADMIN)).send(m);
      if (created.status !== 201) {
        throw new Error(`registering ${m.id} as the admin failed: ${JSON.stringify(created.body)}`);
      }
    }
  });

  it('answers 403 to every write route for a user without the permission, and nothing changes', async () => {
    const before = await stored(server);
    const attempts = [
      request(server).post('/api/mesh/meshes').send(mesh('mine', 'group:default/team-b', 'south', [])),
      request(server).put('/api/mesh/meshes/team-a').set('If-Match', '"1"').send(updateOf(mesh('team-a', 'group:default/team-b', 'mesh-cp', ['east']))),
      request(server).delete('/api/mesh/meshes/team-a').set('If-Match', '"1"'),
      request(server).post('/api/mesh/meshes/team-a/members').send({ cluster: 'west', network: 'net-west' }),
      request(server).delete('/api/mesh/meshes/team-a/members/east'),
    ];
    const responses = await Promise.all(attempts.map(a => a.set('Authorization', as(BOB))));
    expect(responses.map(r => [r.status, r.body.error?.message])).toEqual([
      [403, "Permission 'mesh.create' is required"],
      [403, "Permission 'mesh.update' is required for mesh 'team-a'"],
      [403, "Permission 'mesh.delete' is required for mesh 'team-a'"],
      [403, "Permission 'mesh.cluster.join' is required for mesh 'team-a'"],
      [403, "Permission 'mesh.cluster.remove' is required for mesh 'team-a'"],
    ]);
    expect(await stored(server)).toEqual(before);
  });

  it("lets a team change its own mesh, refuses it another team's, and lists and shows it only its own", async () => {
    const list = await request(server).get('/api/mesh/meshes').set('Authorization', as(ALICE));
    expect(list.body.map((m: { id: string }) => m.id)).toEqual(['team-a']);
    expect((await request(server).get('/api/mesh/meshes/team-b').set('Authorization', as(ALICE))).status).toBe(404);

    const own = await request(server)
      .put('/api/mesh/meshes/team-a')
      .set('Authorization', as(ALICE))
      .set('If-Match', '"1"')
      .send({ ...updateOf(mesh('team-a', 'group:default/team-a', 'mesh-cp', ['east'])), title: 'Team A' });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ title: 'Team A', version: 2 });
    const joined = await request(server)
      .post('/api/mesh/meshes/team-a/members')
      .set('Authorization', as(ALICE))
      .send({ cluster: 'west', network: 'net-west' });
    expect(joined.status).toBe(201);

    const other = await request(server)
      .put('/api/mesh/meshes/team-b')
      .set('Authorization', as(ALICE))
      .set('If-Match', '"1"')
      .send(updateOf(mesh('team-b', 'group:default/team-a', 'north', [])));
    expect(other.status).toBe(403);
    expect((await request(server).get('/api/mesh/meshes/team-b').set('Authorization', as(ADMIN))).body.registration).toMatchObject({
      owner: 'group:default/team-b',
      version: 1,
    });
  });

  it("answers a frontend's permission check for one mesh through the permission backend, applying IS_OWNER to the mesh", async () => {
    const check = async (resourceRef: string) => {
      const response = await request(server)
        .post('/api/permission/authorize')
        .set('Authorization', as(ALICE))
        .send({ items: [{ id: resourceRef, permission: meshUpdatePermission, resourceRef }] });
      expect(response.status).toBe(200);
      return response.body.items[0].result;
    };
    expect(await check('team-a')).toBe(AuthorizeResult.ALLOW);
    expect(await check('team-b')).toBe(AuthorizeResult.DENY);
  });

  it('gives exactly one of two concurrent updates with the same If-Match a 200 and the other a 409 with the current record', async () => {
    const update = (title: string) =>
      request(server)
        .put('/api/mesh/meshes/team-a')
        .set('Authorization', as(ALICE))
        .set('If-Match', '"1"')
        .send({ ...updateOf(mesh('team-a', 'group:default/team-a', 'mesh-cp', ['east'])), title });
    const responses = await Promise.all([update('first'), update('second')]);
    expect(responses.map(r => r.status).sort()).toEqual([200, 409]);
    const won = responses.find(r => r.status === 200)!;
    const lost = responses.find(r => r.status === 409)!;
    expect(lost.body.current).toEqual(won.body);
    expect((await stored(server))['team-a']).toEqual(won.body);
  });
});

/** The update body that keeps a registration's changeable fields. */
function updateOf(m: MeshRegistrationRequest) {
  const { id: _i, type: _t, controlPlaneCluster: _c, ...changeable } = m;
  return changeable;
}

/** Every stored record by mesh id, as the admin reads them. */
async function stored(server: Server): Promise<Record<string, unknown>> {
  const records: Record<string, unknown> = {};
  for (const id of ['team-a', 'team-b', 'mine']) {
    const response = await request(server).get(`/api/mesh/meshes/${id}`).set('Authorization', as(ADMIN));
    records[id] = response.status === 200 ? response.body.registration : response.status;
  }
  return records;
}

/** Discovery lists the supplied clusters after the backend started; registration needs them known. */
async function waitForClusters(server: Server): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await request(server).get('/api/mesh/clusters').set('Authorization', as(ADMIN));
    const names = response.status === 200 ? response.body.map((c: { name: string }) => c.name).sort() : [];
    if (FLEET_CLUSTERS.every(name => names.includes(name))) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`discovery did not list ${FLEET_CLUSTERS.join(', ')} within 30 s; last: ${JSON.stringify(response.body)}`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}
