import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MESH_MODEL_CHANGED_TOPIC, MeshRegistrationRequest } from '@meshfleet/plugin-mesh-common';
import { meshPermissionRules } from '@meshfleet/plugin-mesh-node';
import express from 'express';
import request from 'supertest';
import { Knex } from 'knex';
import { fixedDiscovery } from '../__testUtils__/fixedFleet';
import { expectToMatchOpenApi } from '../__testUtils__/openApiValidator';
import { sampleModel } from '../__testUtils__/sampleModel';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseMeshStore } from '../database/DatabaseMeshStore';
import { DiscoveredMeshModelSource } from '../model/DiscoveredMeshModelSource';
import { MeshModelSource } from '../model/MeshModelSource';
import { createRouter } from './router';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const user = mockCredentials.user.header();

const payments: MeshRegistrationRequest = {
  id: 'payments',
  title: 'Payments mesh',
  type: 'hosted',
  controlPlaneCluster: 'mesh-cp',
  controlPlaneNetwork: 'net-cp',
  members: [
    { cluster: 'east', network: 'net-east' },
    { cluster: 'west', network: 'net-west' },
  ],
  istioVersion: '1.28.0',
  revision: '1-28-0',
  trustDomain: 'cluster.local',
  owner: 'group:default/payments-team',
};

const { members: _m, id: _i, type: _t, controlPlaneCluster: _c, ...paymentsUpdate } = payments;

async function setup(knex: Knex, options: { deny?: string; model?: 'sample' } = {}) {
  const database: DatabaseService = { getClient: async () => knex, migrations: { skip: false } };
  const store = await DatabaseMeshStore.create({ database });
  // One database per engine for the whole file (creating one per test costs
  // more than the tests); each test starts from empty tables.
  await knex('meshfleet_mesh_clusters').delete();
  await knex('meshfleet_meshes').delete();
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result: r.permission.name === options.deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
      })),
    authorizeConditional: async requests =>
      requests.map(r => ({
        result: r.permission.name === options.deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
      })),
  });
  const auditor = mockServices.auditor.mock();
  const events = mockServices.events.mock();
  const model: MeshModelSource =
    options.model === 'sample'
      ? { getModel: async () => sampleModel }
      : new DiscoveredMeshModelSource(fixedDiscovery(), store);
  const router = await createRouter({
    logger: mockServices.logger.mock(),
    httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }),
    permissions,
    permissionRuleset: {
      getRuleByName: name => Object.values(meshPermissionRules).find(rule => rule.name === name)!,
    },
    auditor,
    events,
    model,
    store,
  });
  const middleware = MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() });
  const app = express().use(router).use(middleware.error());
  return { app, store, auditor, events };
}

/** The audit events the router recorded: id, meta, and how each ended. */
async function auditTrail(auditor: ReturnType<typeof mockServices.auditor.mock>) {
  return Promise.all(
    auditor.createEvent.mock.calls.map(async ([options], i) => {
      const event = await auditor.createEvent.mock.results[i].value;
      return {
        eventId: options.eventId,
        meta: options.meta,
        success: event.success.mock.calls.map((c: any[]) => c[0]),
        fail: event.fail.mock.calls.map((c: any[]) => c[0]),
      };
    }),
  );
}

describe.each(databases.eachSupportedId())('mesh backend routes on %s', databaseId => {
  let knex: Knex;
  beforeAll(async () => {
    knex = await databases.init(databaseId);
  });

  describe('reads', () => {
    it('lists meshes without their services, as the OpenAPI document says', async () => {
      const { app } = await setup(knex, { model: 'sample' });
      const response = await request(app).get('/meshes').set('Authorization', user);
      expect(response.status).toBe(200);
      expectToMatchOpenApi('/meshes', 'get', 200, response.body);
      expect(response.body).toHaveLength(1);
      expect(response.body[0]).not.toHaveProperty('services');
      expect(response.body[0]).toMatchObject({ id: 'shop', serviceCount: 1, health: 'degraded' });
    });

    it('returns one discovered mesh with services, conflicts and drift, and no ETag', async () => {
      const { app } = await setup(knex, { model: 'sample' });
      const response = await request(app).get('/meshes/shop').set('Authorization', user);
      expect(response.status).toBe(200);
      expectToMatchOpenApi('/meshes/{meshId}', 'get', 200, response.body);
      expect(response.body.services[0].conflicts).toEqual(["port 'http' is 8080 in east but 9090 in west"]);
      expect(response.body.drift[0].kind).toBe('version-mismatch');
      // No strong ETag: a discovered mesh has no version to write against.
      expect(response.headers.etag ?? '').not.toMatch(/^"\d+"$/);
      expect(response.body).not.toHaveProperty('registration');
    });

    it('answers 404 naming the unknown mesh', async () => {
      const { app } = await setup(knex, { model: 'sample' });
      const response = await request(app).get('/meshes/nope').set('Authorization', user);
      expect(response.status).toBe(404);
      expectToMatchOpenApi('/meshes/{meshId}', 'get', 404, response.body);
      expect(response.body.error.message).toBe("No mesh with id 'nope'");
    });

    it('answers 400 naming the parameter and its pattern for a malformed mesh id', async () => {
      const { app } = await setup(knex, { model: 'sample' });
      const response = await request(app).get('/meshes/Not_A_Mesh').set('Authorization', user);
      expect(response.status).toBe(400);
      expectToMatchOpenApi('/meshes/{meshId}', 'get', 400, response.body);
      expect(response.body.error.message).toMatch(/meshId must match pattern/);
    });

    it('lists clusters with their reachability and the reason they are unreachable', async () => {
      const { app } = await setup(knex, { model: 'sample' });
      const response = await request(app).get('/clusters').set('Authorization', user);
      expect(response.status).toBe(200);
      expectToMatchOpenApi('/clusters', 'get', 200, response.body);
      expect(response.body[0]).toMatchObject({
        name: 'west',
        reachability: 'unreachable',
        error: expect.stringContaining('ECONNREFUSED'),
      });
    });

    it('checks mesh.cluster.read for clusters separately from mesh.read', async () => {
      const { app } = await setup(knex, { model: 'sample', deny: 'mesh.cluster.read' });
      expect((await request(app).get('/clusters').set('Authorization', user)).status).toBe(403);
      expect((await request(app).get('/meshes').set('Authorization', user)).status).toBe(200);
    });

    it('hides every mesh from a caller denied mesh.read: an empty list, and 404 for one mesh', async () => {
      const { app } = await setup(knex, { model: 'sample', deny: 'mesh.read' });
      expect((await request(app).get('/meshes').set('Authorization', user)).body).toEqual([]);
      const one = await request(app).get('/meshes/shop').set('Authorization', user);
      expect(one.status).toBe(404);
      expect(one.body.error.message).toBe("No mesh with id 'shop'");
    });

    it('answers 401 without a token on every route but health', async () => {
      const { app } = await setup(knex, { model: 'sample' });
      for (const path of ['/meshes', '/meshes/shop', '/clusters']) {
        expect((await request(app).get(path)).status).toBe(401);
      }
      expect((await request(app).post('/meshes').send(payments)).status).toBe(401);
    });
  });

  describe('register', () => {
    it('records the mesh and answers 201 with the record and its ETag; the mesh then reads with owner and registration', async () => {
      const { app, events } = await setup(knex);
      const created = await request(app).post('/meshes').set('Authorization', user).send(payments);
      expect(created.status).toBe(201);
      expectToMatchOpenApi('/meshes', 'post', 201, created.body);
      expect(created.headers.etag).toBe('"1"');
      expect(created.body).toMatchObject({ id: 'payments', owner: 'group:default/payments-team', version: 1 });

      const read = await request(app).get('/meshes/payments').set('Authorization', user);
      expect(read.status).toBe(200);
      expectToMatchOpenApi('/meshes/{meshId}', 'get', 200, read.body);
      expect(read.headers.etag).toBe('"1"');
      expect(read.body).toMatchObject({ managed: true, owner: 'group:default/payments-team' });
      expect(read.body.registration).toEqual(created.body);

      const list = await request(app).get('/meshes').set('Authorization', user);
      expect(list.body.find((m: { id: string }) => m.id === 'payments')).toMatchObject({ owner: 'group:default/payments-team' });

      expect(events.publish).toHaveBeenCalledWith({
        topic: MESH_MODEL_CHANGED_TOPIC,
        eventPayload: { meshes: ['payments'], clusters: ['east', 'mesh-cp', 'west'], changedAt: expect.any(String) },
      });
    });

    it.each([
      ['a missing owner', { owner: undefined }, /request\/body must have required property 'owner'/],
      ['a member without a network', { members: [{ cluster: 'east', network: 'net-east' }, { cluster: 'west' }] }, /request\/body\/members\/1 must have required property 'network'/],
      ['a malformed id', { id: 'Payments_1' }, /request\/body\/id must match pattern/],
      ['an unknown type', { type: 'ambient' }, /request\/body\/type must be equal to one of the allowed values/],
      ['an owner that is not an entity ref', { owner: 'payments-team' }, /request\/body\/owner must match pattern/],
      ['an unknown field', { colour: 'blue' }, /request\/body must NOT have additional properties/],
    ])('refuses %s with a 400 naming the field, before any handler runs', async (_name, change, message) => {
      const { app, store, auditor } = await setup(knex);
      const response = await request(app).post('/meshes').set('Authorization', user).send({ ...payments, ...change });
      expect(response.status).toBe(400);
      expectToMatchOpenApi('/meshes', 'post', 400, response.body);
      expect(response.body.error.message).toMatch(message);
      expect(await store.listMeshes()).toEqual([]);
      expect(auditor.createEvent).not.toHaveBeenCalled();
    });

    it.each([
      ['an unknown control-plane cluster', { controlPlaneCluster: 'nowhere' }, 400, "controlPlaneCluster: unknown cluster 'nowhere'; expected one of the clusters Meshfleet reads (GET /clusters): east, mesh-cp, north, south, west"],
      ['an unknown member', { members: [{ cluster: 'east', network: 'n' }, { cluster: 'nowhere', network: 'n' }] }, 400, "members[1].cluster: unknown cluster 'nowhere'"],
      ['the control plane listed as a member', { members: [{ cluster: 'mesh-cp', network: 'n' }] }, 400, "members[0].cluster: 'mesh-cp' is the control-plane cluster"],
      ['a member listed twice', { members: [{ cluster: 'east', network: 'a' }, { cluster: 'east', network: 'b' }] }, 400, "members[1].cluster: 'east' is listed twice"],
      ['members on a dedicated mesh', { type: 'dedicated' }, 400, 'members: a dedicated mesh has no member clusters'],
    ])('refuses %s with a 400 naming the field, and writes nothing', async (_name, change, status, message) => {
      const { app, store, events } = await setup(knex);
      const response = await request(app).post('/meshes').set('Authorization', user).send({ ...payments, ...change });
      expect(response.status).toBe(status);
      expect(response.body.error.message).toContain(message);
      expect(await store.listMeshes()).toEqual([]);
      expect(events.publish).not.toHaveBeenCalled();
    });

    it('refuses a taken id and a cluster of another mesh with 409 naming the field and the mesh', async () => {
      const { app, store } = await setup(knex);
      await request(app).post('/meshes').set('Authorization', user).send(payments);
      const sameId = await request(app)
        .post('/meshes')
        .set('Authorization', user)
        .send({ ...payments, controlPlaneCluster: 'north', members: [] });
      expect(sameId.status).toBe(409);
      expectToMatchOpenApi('/meshes', 'post', 409, sameId.body);
      expect(sameId.body.error.message).toBe("id: a mesh with id 'payments' is already registered");

      const memberTaken = await request(app)
        .post('/meshes')
        .set('Authorization', user)
        .send({ ...payments, id: 'search', controlPlaneCluster: 'north', members: [{ cluster: 'west', network: 'n' }] });
      expect(memberTaken.status).toBe(409);
      expect(memberTaken.body.error.message).toBe(
        "members[0].cluster: cluster 'west' already belongs to mesh 'payments' as a member",
      );
      const controlPlaneTaken = await request(app)
        .post('/meshes')
        .set('Authorization', user)
        .send({ ...payments, id: 'search', type: 'dedicated', members: [] });
      expect(controlPlaneTaken.body.error.message).toBe(
        "controlPlaneCluster: cluster 'mesh-cp' already belongs to mesh 'payments' as its control plane",
      );
      expect((await store.listMeshes()).map(m => m.id)).toEqual(['payments']);
    });

    it('answers 403 naming mesh.create when the policy denies it, writes nothing and audits the refusal', async () => {
      const { app, store, auditor } = await setup(knex, { deny: 'mesh.create' });
      const response = await request(app).post('/meshes').set('Authorization', user).send(payments);
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe("Permission 'mesh.create' is required");
      expect(await store.listMeshes()).toEqual([]);
      const [event] = await auditTrail(auditor);
      expect(event).toMatchObject({ eventId: 'mesh-registration-create', meta: { meshId: 'payments' }, success: [] });
      expect(event.fail[0].error.message).toBe("Permission 'mesh.create' is required");
    });
  });

  describe('update and delete', () => {
    it('updates with If-Match, answering the new record and ETag, announcing and auditing before and after', async () => {
      const { app, events, auditor } = await setup(knex);
      const created = (await request(app).post('/meshes').set('Authorization', user).send(payments)).body;
      const response = await request(app)
        .put('/meshes/payments')
        .set('Authorization', user)
        .set('If-Match', '"1"')
        .send({ ...paymentsUpdate, owner: 'group:default/checkout-team', members: [{ cluster: 'east', network: 'net-e2' }, { cluster: 'west', network: 'net-west' }] });
      expect(response.status).toBe(200);
      expectToMatchOpenApi('/meshes/{meshId}', 'put', 200, response.body);
      expect(response.headers.etag).toBe('"2"');
      expect(response.body).toMatchObject({ owner: 'group:default/checkout-team', version: 2 });
      expect(response.body.members).toEqual([
        { cluster: 'east', network: 'net-e2' },
        { cluster: 'west', network: 'net-west' },
      ]);
      expect(events.publish).toHaveBeenLastCalledWith({
        topic: MESH_MODEL_CHANGED_TOPIC,
        eventPayload: { meshes: ['payments'], clusters: ['east', 'mesh-cp', 'west'], changedAt: expect.any(String) },
      });
      const trail = await auditTrail(auditor);
      expect(trail[1]).toMatchObject({
        eventId: 'mesh-registration-update',
        meta: { meshId: 'payments' },
        success: [{ meta: { meshId: 'payments', before: created, after: response.body } }],
      });
    });

    it('requires If-Match on PUT and DELETE: 428 naming the header, nothing changed', async () => {
      const { app, store } = await setup(knex);
      await request(app).post('/meshes').set('Authorization', user).send(payments);
      const put = await request(app).put('/meshes/payments').set('Authorization', user).send(paymentsUpdate);
      expect(put.status).toBe(428);
      expectToMatchOpenApi('/meshes/{meshId}', 'put', 428, put.body);
      expect(put.body.error.message).toContain('If-Match header is required');
      const del = await request(app).delete('/meshes/payments').set('Authorization', user);
      expect(del.status).toBe(428);
      expect(await store.getMesh('payments')).toMatchObject({ version: 1 });
    });

    it('answers a stale If-Match with 409 carrying the current record, and changes nothing', async () => {
      const { app, store } = await setup(knex);
      await request(app).post('/meshes').set('Authorization', user).send(payments);
      await request(app).put('/meshes/payments').set('Authorization', user).set('If-Match', '"1"').send({ ...paymentsUpdate, title: 'First' });
      const current = await store.getMesh('payments');
      const stale = await request(app)
        .put('/meshes/payments')
        .set('Authorization', user)
        .set('If-Match', '"1"')
        .send({ ...paymentsUpdate, title: 'Second' });
      expect(stale.status).toBe(409);
      expectToMatchOpenApi('/meshes/{meshId}', 'put', 409, stale.body);
      expect(stale.body).toEqual({
        error: {
          name: 'ConflictError',
          message:
            'Mesh \'payments\' has changed: the change was based on version "1" but the current version is "2"; apply your change to the current record and retry with If-Match "2"',
        },
        request: { method: 'PUT', url: '/meshes/payments' },
        response: { statusCode: 409 },
        current,
      });
      const staleDelete = await request(app).delete('/meshes/payments').set('Authorization', user).set('If-Match', '"1"');
      expect(staleDelete.status).toBe(409);
      expect(staleDelete.body.current).toEqual(current);
      expect(await store.getMesh('payments')).toEqual(current);
    });

    it.each([
      ['type', { type: 'external' }, "type: cannot change ('hosted' in mesh 'payments', the request says 'external')"],
      ['controlPlaneCluster', { controlPlaneCluster: 'north' }, "controlPlaneCluster: cannot change ('mesh-cp'"],
      ['id', { id: 'other' }, "id: cannot change ('payments'"],
      ['a new member', { members: [...payments.members!, { cluster: 'north', network: 'n' }] }, "members[2].cluster: 'north' is not a member of mesh 'payments'"],
      ['a missing member', { members: [payments.members![0]] }, "members: 'west' is missing"],
    ])('refuses to change %s with a 400 naming the field', async (_name, change, message) => {
      const { app, store } = await setup(knex);
      await request(app).post('/meshes').set('Authorization', user).send(payments);
      const response = await request(app)
        .put('/meshes/payments')
        .set('Authorization', user)
        .set('If-Match', '"1"')
        .send({ ...paymentsUpdate, ...change });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(message);
      expect(await store.getMesh('payments')).toMatchObject({ version: 1 });
    });

    it('accepts the record read with GET, sent back unchanged but for its fields that may change', async () => {
      const { app } = await setup(knex);
      const { body: record } = await request(app).post('/meshes').set('Authorization', user).send(payments);
      const { version: _version, createdAt: _created, updatedAt: _updated, ...editable } = record;
      const response = await request(app)
        .put('/meshes/payments')
        .set('Authorization', user)
        .set('If-Match', '"1"')
        .send({ ...editable, title: 'Renamed' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ title: 'Renamed', version: 2 });
    });

    it('deletes with If-Match: 204, then the mesh is gone and its clusters are free', async () => {
      const { app, events, auditor } = await setup(knex);
      await request(app).post('/meshes').set('Authorization', user).send(payments);
      const response = await request(app).delete('/meshes/payments').set('Authorization', user).set('If-Match', '"1"');
      expect(response.status).toBe(204);
      expect((await request(app).get('/meshes/payments').set('Authorization', user)).status).toBe(404);
      expect(events.publish).toHaveBeenLastCalledWith({
        topic: MESH_MODEL_CHANGED_TOPIC,
        eventPayload: { meshes: ['payments'], clusters: ['east', 'mesh-cp', 'west'], changedAt: expect.any(String) },
      });
      const trail = await auditTrail(auditor);
      expect(trail[1]).toMatchObject({
        eventId: 'mesh-registration-delete',
        success: [{ meta: { meshId: 'payments', before: expect.objectContaining({ id: 'payments' }), after: null } }],
      });
      expect((await request(app).post('/meshes').set('Authorization', user).send(payments)).status).toBe(201);
    });

    it('answers 404 for writes to a mesh that is not managed', async () => {
      const { app } = await setup(knex);
      const response = await request(app).put('/meshes/nope').set('Authorization', user).set('If-Match', '"1"').send(paymentsUpdate);
      expect(response.status).toBe(404);
      expect(response.body.error.message).toBe("No managed mesh with id 'nope'");
    });
  });

  describe('members', () => {
    it('adds a member without If-Match: 201 with the record and its new ETag', async () => {
      const { app } = await setup(knex);
      await request(app).post('/meshes').set('Authorization', user).send(payments);
      const response = await request(app)
        .post('/meshes/payments/members')
        .set('Authorization', user)
        .send({ cluster: 'north', network: 'net-north' });
      expect(response.status).toBe(201);
      expectToMatchOpenApi('/meshes/{meshId}/members', 'post', 201, response.body);
      expect(response.headers.etag).toBe('"2"');
      expect(response.body.members.map((m: { cluster: string }) => m.cluster)).toEqual(['east', 'north', 'west']);
    });

    it('refuses a member that is taken, unknown, the control plane, or on a dedicated mesh, naming the field', async () => {
      const { app } = await setup(knex);
      await request(app).post('/meshes').set('Authorization', user).send(payments);
      await request(app)
        .post('/meshes')
        .set('Authorization', user)
        .send({ ...payments, id: 'solo', type: 'dedicated', controlPlaneCluster: 'south', members: [] });
      const add = (mesh: string, cluster: string) =>
        request(app).post(`/meshes/${mesh}/members`).set('Authorization', user).send({ cluster, network: 'n' });
      expect((await add('payments', 'south')).body.error.message).toBe(
        "cluster: cluster 'south' already belongs to mesh 'solo' as its control plane",
      );
      expect((await add('payments', 'east')).status).toBe(409);
      expect((await add('payments', 'nowhere')).body.error.message).toContain("cluster: unknown cluster 'nowhere'");
      expect((await add('payments', 'mesh-cp')).status).toBe(400);
      expect((await add('solo', 'north')).body.error.message).toContain("cluster: mesh 'solo' is dedicated");
    });

    it('removes a member: 200 with the record; a cluster that is not a member is 404', async () => {
      const { app } = await setup(knex);
      await request(app).post('/meshes').set('Authorization', user).send(payments);
      const response = await request(app).delete('/meshes/payments/members/west').set('Authorization', user);
      expect(response.status).toBe(200);
      expectToMatchOpenApi('/meshes/{meshId}/members/{cluster}', 'delete', 200, response.body);
      expect(response.body.members).toEqual([{ cluster: 'east', network: 'net-east' }]);
      const again = await request(app).delete('/meshes/payments/members/west').set('Authorization', user);
      expect(again.status).toBe(404);
      expect(again.body.error.message).toBe("Cluster 'west' is not a member of mesh 'payments'");
    });

    it('honours If-Match on member routes when given: a stale one is 409 with the current record', async () => {
      const { app, store } = await setup(knex);
      await request(app).post('/meshes').set('Authorization', user).send(payments);
      await request(app).post('/meshes/payments/members').set('Authorization', user).send({ cluster: 'north', network: 'n' });
      const stale = await request(app).delete('/meshes/payments/members/west').set('Authorization', user).set('If-Match', '"1"');
      expect(stale.status).toBe(409);
      expect(stale.body.current).toEqual(await store.getMesh('payments'));
      const fresh = await request(app).delete('/meshes/payments/members/west').set('Authorization', user).set('If-Match', '"2"');
      expect(fresh.status).toBe(200);
    });
  });
});
