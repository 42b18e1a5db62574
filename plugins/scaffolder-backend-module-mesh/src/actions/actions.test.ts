import { InputError } from '@backstage/errors';
import { meshClusterRemovePermission, meshCreatePermission } from '@meshfleet/plugin-mesh-common';
import {
  ADMIN,
  ALICE,
  BOB,
  plainMessage,
  startScaffolderWithMeshBackend,
  templateEntity,
  TestBackend,
} from '../__testUtils__/scaffolderBackend';
import { createTestDatabases, eventually, gate, ScriptedKind, StepError } from '../__testUtils__/meshBackendInternals';

jest.setTimeout(180_000);

/*
 * The four actions run by the real scaffolder from this package's templates,
 * against the real mesh backend (its operations API, database and runner)
 * with scripted kinds in place of the lifecycle's, on SQLite and PostgreSQL.
 */

const databases = createTestDatabases();

/** `mesh.create` as a scripted kind: it records the request body it was given. */
class ScriptedCreateKind extends ScriptedKind {
  readonly bodies: unknown[] = [];

  constructor() {
    super('mesh.create', ['register', 'install'], meshCreatePermission);
  }

  parseParams(body: unknown) {
    if ((body as { meshId?: string }).meshId) {
      return super.parseParams(body); // the parameters stored with the operation
    }
    this.bodies.push(body);
    const { mesh } = body as { mesh: { id: string; controlPlaneCluster: string } };
    if (!mesh?.id) throw new InputError('mesh.id: expected a string');
    return { meshId: mesh.id, cluster: mesh.controlPlaneCluster };
  }
}

const ONBOARD = 'onboard-cluster-into-mesh';
const onboardEast = { mesh: 'resource:default/team-a', cluster: 'resource:default/test-fleet-east' };

/** A kubeconfig's secret parts and a token, as a careless step might log them. */
const FAKE_JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const FAKE_KEY_DATA = 'LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB';

describe.each(databases.eachSupportedId())('the mesh actions through the scaffolder on %s', databaseId => {
  let backend: TestBackend;
  let joinKind: ScriptedKind;
  let leaveKind: ScriptedKind;
  let createKind: ScriptedCreateKind;

  beforeEach(async () => {
    joinKind = new ScriptedKind('cluster.join', ['prepare', 'install', 'verify']);
    leaveKind = new ScriptedKind('cluster.leave', ['uninstall'], meshClusterRemovePermission);
    createKind = new ScriptedCreateKind();
    backend = await startScaffolderWithMeshBackend({
      kinds: [joinKind, leaveKind, createKind],
      database: { databases, id: databaseId },
    });
  });

  afterEach(async () => {
    await backend.stop();
  });

  it('onboards a cluster picked as entity refs: one operation on behalf of the user, its log followed to the end, its outputs in the template output', async () => {
    joinKind.script('install', async ctx => {
      ctx.log.info('installed istiod-remote in east');
      return { detail: 'installed', outputs: { controlPlaneAddress: '10.1.2.3' } };
    });
    joinKind.script('verify', async () => ({ detail: 'listed', outputs: { memberServices: 3 } }));

    const task = await backend.runTemplate(ONBOARD, onboardEast);

    expect(task.status).toBe('completed');
    const [operation] = await backend.operations();
    expect(operation).toMatchObject({
      kind: 'cluster.join',
      meshId: 'team-a',
      status: 'succeeded',
      params: { meshId: 'team-a', cluster: 'east' },
      requestedBy: ALICE,
      // the step's key plus a digest of the request, which tells `each:` iterations apart
      idempotencyKey: expect.stringMatching(new RegExp(`^${task.id}/join/[0-9a-f]{16}$`)),
    });
    expect(task.log).toEqual(
      expect.arrayContaining([
        `Started operation ${operation.id} (cluster.join of mesh team-a)`,
        '[install] installed istiod-remote in east',
        `Operation ${operation.id} succeeded`,
      ]),
    );
    const completion = task.events.find(e => e.type === 'completion')!;
    expect(JSON.stringify(completion.body.output)).toContain(
      `Operation \`${operation.id}\` succeeded:\\n\`east\` joined; istiod lists 3 of its services.`,
    );
    expect(JSON.stringify(completion.body.output)).toContain('/mesh/meshes/team-a');
  });

  it('a retried task follows the operation it started and resumes it at the failed step, instead of starting another', async () => {
    joinKind.script('install', async () => {
      throw new StepError('helm upgrade --install istiod-remote failed: timed out waiting for the condition', {
        hint: "Look at the pods of istio-system in east, then retry",
      });
    });

    const failed = await backend.runTemplate(ONBOARD, onboardEast);

    expect(failed.status).toBe('failed');
    const [operation] = await backend.operations();
    expect(operation.status).toBe('failed');
    const failure = JSON.stringify(failed.events);
    expect(failure).toContain(
      `Operation ${operation.id} (cluster.join of mesh team-a) failed at step 'install' (install in east): helm upgrade --install istiod-remote failed: timed out waiting for the condition. Already done: prepare. Hint: Look at the pods of istio-system in east, then retry.`,
    );

    joinKind.script('install', async () => ({ detail: 'installed' }));
    const retried = await backend.retryTask(failed.id);

    expect(retried.status).toBe('completed');
    expect((await backend.operations()).map(o => [o.id, o.status])).toEqual([[operation.id, 'succeeded']]);
    expect([joinKind.runsOf('prepare'), joinKind.runsOf('install'), joinKind.runsOf('verify')]).toEqual([1, 2, 1]);
    expect(retried.log).toEqual(
      expect.arrayContaining([
        `Following operation ${operation.id} (cluster.join), which an earlier run of this step started`,
        `Operation ${operation.id} had failed at step 'install'; retrying it from that step`,
      ]),
    );
  });

  it("a dry run logs and outputs the operation's real plan and changes nothing", async () => {
    const { status, body } = await backend.dryRun(templateEntity(`${ONBOARD}.yaml`), onboardEast);

    expect(status).toBe(200);
    const log: string[] = body.log.map((entry: { body: { message: string } }) => plainMessage(entry.body.message));
    expect(log).toEqual(
      expect.arrayContaining([
        'Plan of cluster.join for mesh team-a (dry run: nothing was changed)',
        'Steps: prepare (prepare in east), install (install in east), verify (verify in east)',
        'In cluster east:',
        '  create ConfigMap istio-system/prepare [v1]',
      ]),
    );
    expect(await backend.operations()).toEqual([]);
    expect(['prepare', 'install', 'verify'].map(id => joinKind.runsOf(id))).toEqual([0, 0, 0]);
  });

  it('writes no token, key or kubeconfig to the task log', async () => {
    joinKind.script('install', async ctx => {
      ctx.log.info(`users:\n- name: east\n  user:\n    token: ${FAKE_JWT}\n    client-key-data: ${FAKE_KEY_DATA}`);
      ctx.log.info(`GET https://east:6443/version with Authorization: Bearer ${FAKE_JWT}`);
      return { detail: 'installed' };
    });

    const task = await backend.runTemplate(ONBOARD, onboardEast);

    expect(task.status).toBe('completed');
    const text = JSON.stringify(task.events);
    expect(text).toContain('[install]');
    for (const secret of [FAKE_JWT, FAKE_KEY_DATA, 'mock-user-token', 'mock-service-token', 'Bearer ey']) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|eyJ[A-Za-z0-9_-]{10,}/);
  });

  it("fails the step with the mesh backend's refusal, starting nothing: 403 without the permission, 409 while the mesh is busy", async () => {
    const denied = await backend.runTemplate(ONBOARD, onboardEast, BOB);
    expect(denied.status).toBe('failed');
    expect(JSON.stringify(denied.events)).toContain("Permission 'mesh.cluster.join' is required for mesh 'team-a'");
    expect(await backend.operations()).toEqual([]);

    const hold = gate();
    joinKind.script('install', async () => {
      await hold.promise;
      return { detail: 'installed' };
    });
    const running = await backend.startOperation({ kind: 'cluster.join', meshId: 'team-a', cluster: 'west', network: 'net-west' });
    try {
      const busy = await backend.runTemplate(ONBOARD, onboardEast);
      expect(busy.status).toBe('failed');
      expect(JSON.stringify(busy.events)).toContain(`Mesh 'team-a' already has operation '${running.id}' (cluster.join)`);
      expect((await backend.operations()).map(o => o.id)).toEqual([running.id]);
    } finally {
      hold.open();
    }
    // Let it end here rather than run on while the backend stops.
    await eventually(async () => (await backend.operations()).find(o => o.id === running.id && o.status === 'succeeded'), 'the held operation to end');
  });

  it('names a wrong pick before anything starts: an unknown entity, an entity of the wrong type, a value the template refuses', async () => {
    const unknown = await backend.runTemplate(ONBOARD, { ...onboardEast, cluster: 'resource:default/nope' });
    expect(JSON.stringify(unknown.events)).toContain("cluster: no catalog entity 'resource:default/nope' (or you may not read it)");

    const wrongType = await backend.runTemplate(ONBOARD, { ...onboardEast, mesh: 'resource:default/test-fleet-east' });
    expect(JSON.stringify(wrongType.events)).toContain(
      "mesh: 'resource:default/test-fleet-east' is a Resource of type 'kubernetes-cluster'; expected a Resource of type service-mesh",
    );
    expect([unknown.status, wrongType.status]).toEqual(['failed', 'failed']);

    await expect(backend.runTemplate(ONBOARD, { ...onboardEast, network: 'not a network!' })).rejects.toThrow(
      /creating the task failed: 400 .*network.*does not match pattern/,
    );
    expect(await backend.operations()).toEqual([]);
  });

  it('creates a mesh on the picked cluster with the defaults filled in, and removes a member by name', async () => {
    const created = await backend.runTemplate(
      'create-service-mesh',
      { meshId: 'shop', controlPlaneCluster: 'south', owner: 'group:default/team-a' },
      ADMIN,
    );
    expect(created.status).toBe('completed');
    expect(createKind.bodies[0]).toEqual({
      kind: 'mesh.create',
      mesh: {
        id: 'shop',
        title: 'shop',
        type: 'hosted',
        controlPlaneCluster: 'south',
        controlPlaneNetwork: 'net-south',
        revision: 'default',
        trustDomain: 'cluster.local',
        owner: 'group:default/team-a',
      },
    });

    const removed = await backend.runTemplate('remove-cluster-from-mesh', { mesh: 'team-a', cluster: 'resource:default/test-fleet-east' });
    expect(removed.status).toBe('completed');
    expect(leaveKind.runsOf('uninstall')).toBe(1);
    expect((await backend.operations()).map(o => `${o.kind} ${o.meshId} ${o.requestedBy}`)).toEqual([
      `cluster.leave team-a ${ALICE}`,
      `mesh.create shop ${ADMIN}`,
    ]);
  });
});
