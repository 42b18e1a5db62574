import { coreServices, createBackendModule, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend, TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionBackend from '@backstage/plugin-permission-backend';
import { AuthorizeResult, isResourcePermission, PolicyDecision } from '@backstage/plugin-permission-common';
import { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// These tests run the real mesh backend; only tests import it.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import meshBackend from '@meshfleet/plugin-mesh-backend';
import { MESH_RESOURCE_TYPE, meshCreatePermission, MeshOperation, MeshRegistrationRequest } from '@meshfleet/plugin-mesh-common';
import { createMeshConditionalDecision, meshClusterSupplierExtensionPoint, meshConditions } from '@meshfleet/plugin-mesh-node';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { scaffolderModuleMesh } from '../module';
import {
  closedPortClusterSupplier,
  eventually,
  FLEET_CLUSTERS,
  httpAuthWithActorsFactory,
  operationKindsExtensionPoint,
  ScriptedKind,
} from './meshBackendInternals';

/*
 * The scaffolder's real backend (its task broker, workflow runner, checkpoint
 * store, task log and redaction) with this module, and the real mesh backend
 * (routes, database, runner) whose kinds are scripted, so the actions run
 * end to end without clusters. Permissions: the real permission backend with
 * an owner-only policy for meshes.
 */

export const ADMIN = 'user:default/admin';
export const ALICE = 'user:default/alice';
export const BOB = 'user:default/bob';
const TEAMS: Record<string, string[]> = {
  [ALICE]: [ALICE, 'group:default/team-a'],
  [BOB]: [BOB, 'group:default/team-b'],
};
export const as = (userRef: string) => mockCredentials.user.header(userRef);

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
      return createMeshConditionalDecision(query.permission, meshConditions.isOwner({ claims: TEAMS[userRef ?? ''] ?? [] }));
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

const TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'templates');

/** A template of this package's templates/ folder, as the catalog holds it. */
export function templateEntity(file: string): Entity {
  const entity = parse(readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')) as Entity;
  return { ...entity, metadata: { ...entity.metadata, namespace: 'default' } };
}

function userEntity(name: string): Entity {
  return { apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name, namespace: 'default' }, spec: {} };
}

/** A mesh Resource as Meshfleet's catalog module emits it. */
export function meshResource(meshId: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: meshId, namespace: 'default', annotations: { 'meshfleet.io/mesh-id': meshId, 'meshfleet.io/mesh-type': 'hosted' } },
    spec: { type: 'service-mesh', owner: 'group:default/team-a' },
  };
}

/** A cluster Resource as Meshfleet's catalog module emits it (`<source>-<name>`). */
export function clusterResource(cluster: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: `test-fleet-${cluster}`, namespace: 'default', annotations: { 'meshfleet.io/cluster-name': cluster } },
    spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
  };
}

export function hostedMesh(id: string, owner: string, controlPlaneCluster: string): MeshRegistrationRequest {
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

/** One event of a task's log, as `GET /v2/tasks/:id/events` answers it. */
export interface TaskEvent {
  type: string;
  body: { message?: string; stepId?: string; status?: string; output?: Record<string, unknown>; error?: { message: string } };
}

/** A task log message without the colours and level the step logger adds (`\u001b[32minfo\u001b[39m: `). */
export function plainMessage(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/\u001b\[\d+m/g, '').replace(/^(info|warn|error|debug): /, '');
}

export interface TaskResult {
  id: string;
  status: string;
  events: TaskEvent[];
  /** Every message of the log, one per line. */
  log: string[];
}

export interface TestBackend {
  server: Server;
  /** Runs a template as the user to its end and answers the task. */
  runTemplate(templateName: string, values: Record<string, unknown>, userRef?: string): Promise<TaskResult>;
  /** Retries a failed task (the scaffolder's "Start over" from the failed step) and waits for its end. */
  retryTask(taskId: string, userRef?: string): Promise<TaskResult>;
  /** `POST /v2/dry-run` of a template (inline, as the template editor does). */
  dryRun(template: Entity, values: Record<string, unknown>, userRef?: string): Promise<{ status: number; body: any }>;
  /** Every operation the admin may read, newest first. */
  operations(): Promise<MeshOperation[]>;
  /** Starts an operation directly through the mesh API (not through the scaffolder). */
  startOperation(body: object, userRef?: string): Promise<MeshOperation>;
  /**
   * Stops the backend (after cancelling its tasks: see cancelEndedTasks).
   * Backends left running until the end of the file kept polling their databases
   * while TestDatabases closed them: "Unable to acquire a connection".
   */
  stop(): Promise<void>;
}

export interface TestBackendOptions {
  kinds: ScriptedKind[];
  /** The database engine every plugin gets a database of its own on (as in production). */
  database?: { databases: TestDatabases; id: TestDatabaseId };
  entities?: Entity[];
}

/** How often the scaffolder reads the events of a task it follows (StorageTaskBroker). */
const SCAFFOLDER_EVENT_POLL_MS = 1000;

/** A database per plugin on the given engine: the scaffolder's and the mesh backend's migrations are separate. */
function databasePerPlugin(databases: TestDatabases, id: TestDatabaseId) {
  return createServiceFactory({
    service: coreServices.database,
    deps: {},
    // Plugin-scoped: called once per plugin.
    async factory() {
      const knex = await databases.init(id);
      return { getClient: async () => knex, migrations: { skip: false } };
    },
  });
}

/** Starts the backend, registers meshes team-a (alice's team, on mesh-cp) and team-b (bob's, on north). */
export async function startScaffolderWithMeshBackend(options: TestBackendOptions): Promise<TestBackend> {
  const entities = [
    templateEntity('create-service-mesh.yaml'),
    templateEntity('onboard-cluster-into-mesh.yaml'),
    templateEntity('remove-cluster-from-mesh.yaml'),
    templateEntity('delete-service-mesh.yaml'),
    userEntity('admin'),
    userEntity('alice'),
    userEntity('bob'),
    meshResource('team-a'),
    ...FLEET_CLUSTERS.map(clusterResource),
    ...(options.entities ?? []),
  ];
  const started = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleMesh,
      meshBackend,
      permissionBackend,
      catalogServiceMock.factory({ entities }),
      httpAuthWithActorsFactory,
      ...(options.database ? [databasePerPlugin(options.database.databases, options.database.id)] : []),
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
            deps: { suppliers: meshClusterSupplierExtensionPoint, kinds: operationKindsExtensionPoint },
            async init({ suppliers, kinds }) {
              suppliers.addClusterSupplier(closedPortClusterSupplier());
              options.kinds.forEach(kind => kinds.addKind(kind));
            },
          });
        },
      }),
    ],
  });
  const { server } = started;

  await eventually(async () => {
    const response = await request(server).get('/api/mesh/clusters').set('Authorization', as(ADMIN));
    const names: string[] = response.status === 200 ? response.body.map((c: { name: string }) => c.name) : [];
    return FLEET_CLUSTERS.every(name => names.includes(name));
  }, 'discovery to list the test clusters');
  for (const mesh of [hostedMesh('team-a', 'group:default/team-a', 'mesh-cp'), hostedMesh('team-b', 'group:default/team-b', 'north')]) {
    const created = await request(server).post('/api/mesh/meshes').set('Authorization', as(ADMIN)).send(mesh);
    if (created.status !== 201) {
      throw new Error(`registering ${mesh.id} failed: ${JSON.stringify(created.body)}`);
    }
  }

  async function taskResult(id: string, userRef: string): Promise<TaskResult> {
    const task = await eventually(async () => {
      const response = await request(server).get(`/api/scaffolder/v2/tasks/${id}`).set('Authorization', as(userRef));
      return ['completed', 'failed', 'cancelled'].includes(response.body.status) ? response.body : undefined;
    }, `task ${id} to end`, 60_000);
    const events = await request(server).get(`/api/scaffolder/v2/tasks/${id}/events`).set('Authorization', as(userRef));
    const list: TaskEvent[] = events.body;
    return {
      id,
      status: task.status,
      events: list,
      log: list.filter(e => e.type === 'log').map(e => plainMessage(e.body.message ?? '')),
    };
  }

  const taskIds = new Set<string>();

  /*
   * The scaffolder follows each task's events (registerCancellable) until it sees
   * the task cancelled, or completed without recovery; a task of a template with
   * EXPERIMENTAL_recovery (ours), failed or completed, is followed every second
   * for good, even after the backend stopped, and fails the test file once
   * TestDatabases closed its database ("Unable to acquire a connection").
   * Cancelling the ended tasks ends that, one poll later.
   */
  async function cancelEndedTasks(): Promise<void> {
    for (const id of taskIds) {
      await request(server).post(`/api/scaffolder/v2/tasks/${id}/cancel`).set('Authorization', as(ADMIN)).send({});
    }
    if (taskIds.size > 0) {
      await new Promise(resolve => setTimeout(resolve, SCAFFOLDER_EVENT_POLL_MS * 2));
    }
  }

  return {
    server,
    async runTemplate(templateName, values, userRef = ALICE) {
      const created = await request(server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', as(userRef))
        .send({ templateRef: `template:default/${templateName}`, values });
      if (created.status !== 201) {
        throw new Error(`creating the task failed: ${created.status} ${JSON.stringify(created.body)}`);
      }
      taskIds.add(created.body.id);
      return taskResult(created.body.id, userRef);
    },
    async retryTask(taskId, userRef = ALICE) {
      const retried = await request(server)
        .post(`/api/scaffolder/v2/tasks/${taskId}/retry`)
        .set('Authorization', as(userRef))
        .send({});
      if (retried.status !== 201) {
        throw new Error(`retrying the task failed: ${retried.status} ${JSON.stringify(retried.body)}`);
      }
      return taskResult(taskId, userRef);
    },
    async dryRun(template, values, userRef = ALICE) {
      const response = await request(server)
        .post('/api/scaffolder/v2/dry-run')
        .set('Authorization', as(userRef))
        .send({ template, values, directoryContents: [] });
      return { status: response.status, body: response.body };
    },
    async operations() {
      const response = await request(server).get('/api/mesh/operations?limit=500').set('Authorization', as(ADMIN));
      return response.body;
    },
    async stop() {
      await cancelEndedTasks();
      await started.stop();
    },
    async startOperation(body, userRef = ADMIN) {
      const response = await request(server).post('/api/mesh/operations').set('Authorization', as(userRef)).send(body);
      if (response.status !== 201) {
        throw new Error(`starting the operation failed: ${response.status} ${JSON.stringify(response.body)}`);
      }
      return response.body;
    },
  };
}
