import { AuditorService, coreServices, createBackendModule, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import permissionBackend from '@backstage/plugin-permission-backend';
import { AuthorizeResult, isResourcePermission, PolicyDecision } from '@backstage/plugin-permission-common';
import { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  MESH_OPERATION_CHANGED_TOPIC,
  MESH_RESOURCE_TYPE,
  meshClusterRemovePermission,
  meshCreatePermission,
  MeshOperationChangedEvent,
  MeshRegistrationRequest,
} from '@meshfleet/plugin-mesh-common';
import { createMeshConditionalDecision, meshClusterSupplierExtensionPoint, meshConditions } from '@meshfleet/plugin-mesh-node';
import { Server } from 'node:http';
import request from 'supertest';
import { closedPortClusterSupplier, FLEET_CLUSTERS } from '../__testUtils__/fixedFleet';
import { httpAuthWithActorsFactory } from '../__testUtils__/httpAuthWithActors';
import { expectToMatchOpenApi } from '../__testUtils__/openApiValidator';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { eventually, gate, ScriptedKind } from '../operations/__testUtils__/scriptedKinds';
import { StepError } from '../operations/errors';
import { operationKindsExtensionPoint } from '../operations/extensionPoint';
import { meshPlugin } from '../plugin';

jest.setTimeout(120_000);

/*
 * The operations API against the real backend: the real mesh plugin with
 * scripted kinds (the engine's tests; the lifecycle kinds need clusters) on
 * SQLite and PostgreSQL, the real permission backend with an owner-only
 * policy, and user tokens.
 */

const databases = createTestDatabases();

const ADMIN = 'user:default/admin';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const TEAMS: Record<string, string[]> = {
  [ALICE]: [ALICE, 'group:default/team-a'],
  [BOB]: [BOB, 'group:default/team-b'],
};
const as = (userRef: string) => mockCredentials.user.header(userRef);

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

function mesh(id: string, owner: string, controlPlaneCluster: string): MeshRegistrationRequest {
  return {
    id,
    title: `Mesh ${id}`,
    type: 'hosted',
    controlPlaneCluster,
    controlPlaneNetwork: `net-${controlPlaneCluster}`,
    revision: 'default',
    trustDomain: 'cluster.local',
    owner,
  };
}

/** What the mesh plugin audited: event id, outcome, and the metadata it reported. */
interface AuditRecord {
  eventId: string;
  outcome: 'success' | 'fail';
  meta: Record<string, unknown>;
}

function recordingAuditor(records: AuditRecord[]) {
  return createServiceFactory({
    service: coreServices.auditor,
    deps: {},
    factory(): AuditorService {
      return {
        async createEvent({ eventId, meta }) {
          return {
            success: async options => {
              records.push({ eventId, outcome: 'success', meta: { ...meta, ...options?.meta } });
            },
            fail: async options => {
              records.push({ eventId, outcome: 'fail', meta: { ...meta, ...options.meta, error: options.error.message } });
            },
          };
        },
      };
    },
  });
}

const join = (meshId: string, cluster = 'east') => ({ kind: 'cluster.join', meshId, cluster, network: `net-${cluster}` });

describe.each(databases.eachSupportedId())('the operations API on %s', databaseId => {
  let server: Server;
  let joinKind: ScriptedKind;
  let leaveKind: ScriptedKind;
  let events: MeshOperationChangedEvent[];
  let audit: AuditRecord[];

  beforeEach(async () => {
    joinKind = new ScriptedKind('cluster.join', ['prepare', 'install', 'verify']);
    leaveKind = new ScriptedKind('cluster.leave', ['uninstall'], meshClusterRemovePermission);
    events = [];
    audit = [];
    const knex = await databases.init(databaseId);
    ({ server } = await startTestBackend({
      features: [
        meshPlugin,
        permissionBackend,
        mockServices.database.factory({ knex }),
        httpAuthWithActorsFactory,
        recordingAuditor(audit),
        mockServices.rootConfig.factory({ data: { permission: { enabled: true } } }),
        createBackendModule({
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
        }),
        createBackendModule({
          pluginId: 'mesh',
          moduleId: 'test-kinds',
          register(reg) {
            reg.registerInit({
              deps: {
                suppliers: meshClusterSupplierExtensionPoint,
                kinds: operationKindsExtensionPoint,
                events: eventsServiceRef,
              },
              async init({ suppliers, kinds, events: eventsService }) {
                suppliers.addClusterSupplier(closedPortClusterSupplier());
                kinds.addKind(joinKind);
                kinds.addKind(leaveKind);
                await eventsService.subscribe({
                  id: 'test-operation-events',
                  topics: [MESH_OPERATION_CHANGED_TOPIC],
                  onEvent: async params => {
                    events.push(params.eventPayload as MeshOperationChangedEvent);
                  },
                });
              },
            });
          },
        }),
      ],
    }));
    await waitForClusters(server);
    for (const m of [mesh('team-a', 'group:default/team-a', 'mesh-cp'), mesh('team-b', 'group:default/team-b', 'north')]) {
      const created = await request(server).post('/api/mesh/meshes').set('Authorization', as(ADMIN)).send(m);
      if (created.status !== 201) {
        throw new Error(`registering ${m.id} as the admin failed: ${JSON.stringify(created.body)}`);
      }
    }
  });

  const get = (path: string, user = ALICE) => request(server).get(`/api/mesh${path}`).set('Authorization', as(user));
  const post = (path: string, body: object | undefined, user = ALICE) =>
    request(server).post(`/api/mesh${path}`).set('Authorization', as(user)).send(body);
  const untilEnded = (id: string) =>
    eventually(async () => {
      const response = await get(`/operations/${id}`);
      return ['succeeded', 'failed'].includes(response.body.status) ? response.body : undefined;
    }, `operation ${id} to end`);

  it('starts an operation (201, pending), runs it to success, and announces every status change', async () => {
    const started = await post('/operations', join('team-a'));
    expect(started.status).toBe(201);
    expectToMatchOpenApi('/operations', 'post', 201, started.body);
    expect(started.body).toMatchObject({
      meshId: 'team-a',
      kind: 'cluster.join',
      status: 'pending',
      params: { meshId: 'team-a', cluster: 'east' },
      requestedBy: ALICE,
      steps: [
        { id: 'prepare', title: 'prepare in east', status: 'pending', attempts: 0 },
        { id: 'install', title: 'install in east', status: 'pending', attempts: 0 },
        { id: 'verify', title: 'verify in east', status: 'pending', attempts: 0 },
      ],
    });

    const done = await untilEnded(started.body.id);
    expectToMatchOpenApi('/operations/{operationId}', 'get', 200, done);
    expect(done.status).toBe('succeeded');
    expect(done.steps.map((s: { detail: string }) => s.detail)).toEqual(['did prepare', 'did install', 'did verify']);
    const list = await get('/operations?meshId=team-a&status=succeeded&limit=10');
    expectToMatchOpenApi('/operations', 'get', 200, list.body);
    expect(list.body.map((o: { id: string }) => o.id)).toEqual([started.body.id]);
    await eventually(async () => events.length >= 3 && audit.some(a => a.eventId === 'mesh-operation-end'), 'the end');
    expect(audit.filter(a => a.eventId.startsWith('mesh-operation'))).toEqual([
      {
        eventId: 'mesh-operation-start',
        outcome: 'success',
        meta: { kind: 'cluster.join', operationId: started.body.id, meshId: 'team-a', repeated: false },
      },
      {
        eventId: 'mesh-operation-end',
        outcome: 'success',
        meta: {
          operationId: started.body.id,
          meshId: 'team-a',
          kind: 'cluster.join',
          requestedBy: ALICE,
          status: 'succeeded',
          outputs: {},
        },
      },
    ]);
    expect(events).toEqual(
      ['pending', 'running', 'succeeded'].map(status => ({
        operationId: started.body.id,
        meshId: 'team-a',
        kind: 'cluster.join',
        status,
      })),
    );
  });

  it('answers a repeated Idempotency-Key with the same operation, and refuses the key for another request', async () => {
    const first = await post('/operations', join('team-a')).set('Idempotency-Key', 'task-1/join');
    const again = await post('/operations', join('team-a')).set('Idempotency-Key', 'task-1/join');
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.idempotencyKey).toBe('task-1/join');
    const other = await post('/operations', join('team-a', 'west')).set('Idempotency-Key', 'task-1/join');
    expect(other.status).toBe(409);
    expect(other.body.error.message).toContain(`Idempotency-Key 'task-1/join' was used for another request (operation '${first.body.id}'`);
    expect((await get('/operations')).body.map((o: { id: string }) => o.id)).toEqual([first.body.id]);
  });

  it('answers a dry run with the plan and stores and runs nothing', async () => {
    const planned = await post('/operations?dryRun=true', join('team-a')).set('Idempotency-Key', 'ignored');
    expect(planned.status).toBe(200);
    expectToMatchOpenApi('/operations', 'post', 200, planned.body);
    expect(planned.body).toEqual({
      kind: 'cluster.join',
      meshId: 'team-a',
      steps: ['prepare', 'install', 'verify'].map(id => ({ id, title: `${id} in east` })),
      changes: ['prepare', 'install', 'verify'].map(name => ({
        cluster: 'east',
        action: 'create',
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'istio-system',
        name,
      })),
      helmReleases: [],
      warnings: [],
    });
    expect((await get('/operations', ADMIN)).body).toEqual([]);
    expect(joinKind.runsOf('prepare')).toBe(0);
  });

  it('refuses a caller without the permission with 403 and stores nothing; refusals name the field', async () => {
    const denied = await post('/operations', join('team-a'), BOB);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe("Permission 'mesh.cluster.join' is required for mesh 'team-a'");
    expect(audit.filter(a => a.eventId === 'mesh-operation-start')).toEqual([
      {
        eventId: 'mesh-operation-start',
        outcome: 'fail',
        meta: { kind: 'cluster.join', error: "Permission 'mesh.cluster.join' is required for mesh 'team-a'" },
      },
    ]);
    const unknownCluster = await post('/operations', join('team-a', 'unknown'));
    expect(unknownCluster.status).toBe(400);
    expect(unknownCluster.body.error.message).toContain("cluster: unknown cluster 'unknown'");
    const unknownMesh = await post('/operations', join('nope'), ADMIN);
    expect(unknownMesh.status).toBe(404);
    const unknownKind = await post('/operations', { kind: 'mesh.teleport', meshId: 'team-a' }, ADMIN);
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.error.message).toContain('kind');
    const badBody = await post('/operations', { kind: 'cluster.join', meshId: 'team-a', cluster: 'east' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.message).toContain('network');
    expect((await get('/operations', ADMIN)).body).toEqual([]);
  });

  it('runs one operation per mesh at a time: a second start is a 409 naming the first', async () => {
    const hold = gate();
    joinKind.script('install', async () => {
      await hold.promise;
      return { detail: 'installed' };
    });
    const first = await post('/operations', join('team-a'));
    const second = await post('/operations', { kind: 'cluster.leave', meshId: 'team-a', cluster: 'east' });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(`Mesh 'team-a' already has operation '${first.body.id}' (cluster.join)`);
    // Another mesh is not held up.
    const elsewhere = await post('/operations', join('team-b', 'south'), ADMIN);
    expect(elsewhere.status).toBe(201);
    hold.open();
    await untilEnded(first.body.id);
    expect((await post('/operations', { kind: 'cluster.leave', meshId: 'team-a', cluster: 'east' })).status).toBe(201);
  });

  it('answers a waiting log read as soon as lines arrive, and streams the log to its end', async () => {
    const started = gate();
    const proceed = gate();
    joinKind.script('install', async ctx => {
      started.open();
      await proceed.promise;
      ctx.log.info('installed istiod-remote in east');
      return { detail: 'installed' };
    });
    const { body: operation } = await post('/operations', join('team-a'));
    await started.promise;
    const before = await get(`/operations/${operation.id}/log`);
    expectToMatchOpenApi('/operations/{operationId}/log', 'get', 200, before.body);
    expect(before.body.done).toBe(false);

    const waiting = get(`/operations/${operation.id}/log?after=${before.body.nextSeq}&waitSeconds=30`).then(r => r);
    proceed.open();
    // Answered because lines arrived, not because 30 seconds passed: this test's own time limit is shorter.
    const answered = await waiting;
    expect(answered.body.entries.length).toBeGreaterThan(0);
    expect(answered.body.entries[0].seq).toBe(before.body.nextSeq + 1);

    let after = answered.body.nextSeq;
    const messages = [...before.body.entries, ...answered.body.entries].map((e: { message: string }) => e.message);
    for (let page = await get(`/operations/${operation.id}/log?after=${after}&waitSeconds=5`); ; ) {
      messages.push(...page.body.entries.map((e: { message: string }) => e.message));
      after = page.body.nextSeq;
      if (page.body.done) {
        break;
      }
      page = await get(`/operations/${operation.id}/log?after=${after}&waitSeconds=5`);
    }
    expect(messages).toEqual(
      expect.arrayContaining([`Requested by ${ALICE}`, 'Started: install in east', 'installed istiod-remote in east', 'Done: installed', 'Succeeded']),
    );
    expect(messages[messages.length - 1]).toBe('Succeeded');
  }, 20_000);

  it('retries a failed operation at its failed step for a caller with the permission', async () => {
    joinKind.script('install', async () => {
      throw new StepError('the chart source holds no istiod 1.99.0', { hint: 'Use a version the chart source holds' });
    });
    const { body: operation } = await post('/operations', join('team-a'));
    const failed = await untilEnded(operation.id);
    expect(failed.error).toEqual({
      step: 'install',
      message: 'the chart source holds no istiod 1.99.0',
      completedSteps: ['prepare'],
      hint: 'Use a version the chart source holds',
    });
    expect((await post(`/operations/${operation.id}/retry`, undefined, BOB)).status).toBe(404);

    joinKind.script('install', async () => ({ detail: 'installed' }));
    const retried = await post(`/operations/${operation.id}/retry`, undefined);
    expect(retried.status).toBe(200);
    expectToMatchOpenApi('/operations/{operationId}/retry', 'post', 200, retried.body);
    expect(retried.body.status).toBe('pending');
    expect(audit.find(a => a.eventId === 'mesh-operation-retry' && a.outcome === 'success')?.meta).toEqual({
      operationId: operation.id,
      meshId: 'team-a',
      kind: 'cluster.join',
    });
    const done = await untilEnded(operation.id);
    expect(done.status).toBe('succeeded');
    expect(done.steps.map((s: { attempts: number }) => s.attempts)).toEqual([1, 2, 1]);
    expect(joinKind.runsOf('prepare')).toBe(1);
    expect((await post(`/operations/${operation.id}/retry`, undefined)).status).toBe(409);
  });

  it("shows a team only its own meshes' operations and those it started", async () => {
    const own = await post('/operations', join('team-a'));
    const others = await post('/operations', join('team-b', 'south'), ADMIN);
    await untilEnded(own.body.id);
    expect((await get('/operations', ALICE)).body.map((o: { id: string }) => o.id)).toEqual([own.body.id]);
    expect((await get('/operations', BOB)).body.map((o: { id: string }) => o.id)).toEqual([others.body.id]);
    expect((await get(`/operations/${own.body.id}`, BOB)).status).toBe(404);
    expect((await get(`/operations/${own.body.id}/log`, BOB)).status).toBe(404);
    expect((await get('/operations', ADMIN)).body).toHaveLength(2);
  });
});

/** Discovery lists the supplied clusters after the backend started; registration needs them known. */
async function waitForClusters(server: Server): Promise<void> {
  await eventually(async () => {
    const response = await request(server).get('/api/mesh/clusters').set('Authorization', as(ADMIN));
    const names = response.status === 200 ? response.body.map((c: { name: string }) => c.name) : [];
    return FLEET_CLUSTERS.every(name => names.includes(name));
  }, 'discovery to list the test clusters');
}
