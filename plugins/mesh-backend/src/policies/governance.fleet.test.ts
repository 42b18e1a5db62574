import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionBackend from '@backstage/plugin-permission-backend';
import { AuthorizeResult, isResourcePermission, PolicyDecision } from '@backstage/plugin-permission-common';
import { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { KubeConfig, KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import { ensureFleet, FleetCluster } from '@meshfleet/fleet';
import {
  MESH_RESOURCE_TYPE,
  MeshPolicyChange,
  MeshPolicyDriftItem,
  meshSecurityPolicyWritePermission,
  meshTrafficPolicyWritePermission,
} from '@meshfleet/plugin-mesh-common';
import { createMeshConditionalDecision, meshConditions } from '@meshfleet/plugin-mesh-node';
import { Server } from 'node:http';
import request from 'supertest';
import { expectToMatchOpenApi } from '../__testUtils__/openApiValidator';
import { httpAuthWithActorsFactory } from '../__testUtils__/httpAuthWithActors';
import type { ClusterClient } from '../lifecycle/clusters/ClusterClient';
import { meshPlugin } from '../plugin';
import { demoClusterClients, demoKubernetesConfig, removeNamespace } from './__testUtils__/demoMeshFleet';

jest.setTimeout(300_000);

/*
 * Governance of the demo mesh's policies through the real backend, the real
 * permission backend (a policy with the owner rule) and the real fleet
 * (istiod's webhook in mesh-cp): 403s that change nothing, a service owner
 * limited to their namespace, one 409 of two concurrent edits, drift from a
 * plain write outside Meshfleet with adopt and revert, and the history.
 *
 * Namespaces of its own: OWNED holds the Service `gov-app` in east (the
 * catalog Component gov-app's workload, owned by OWNER) and policies in
 * mesh-cp; OTHER holds policies only. No demo workload calls their hosts.
 */

const OWNED = 'governance-fleet-owned';
const OTHER = 'governance-fleet-other';
const ADMIN = 'user:default/gov-admin';
const OWNER = 'user:default/gov-owner';
const NOBODY = 'user:default/gov-nobody';
const as = (userRef: string) => mockCredentials.user.header(userRef);

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'gov-app', namespace: 'default', annotations: { 'backstage.io/kubernetes-id': 'gov-app' } },
  spec: { type: 'service', lifecycle: 'production', owner: OWNER },
};

/** The admin may do everything; others read, and write policies only where the owner rule allows. */
class OwnerRulePolicy implements PermissionPolicy {
  async handle(query: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const userRef = user?.info.userEntityRef ?? '';
    if (userRef === ADMIN || query.permission.attributes.action === 'read') return { result: AuthorizeResult.ALLOW };
    const policyWrite = [meshTrafficPolicyWritePermission.name, meshSecurityPolicyWritePermission.name].includes(query.permission.name);
    if (policyWrite && userRef === OWNER && isResourcePermission(query.permission, MESH_RESOURCE_TYPE)) {
      return createMeshConditionalDecision(query.permission, meshConditions.isNamespaceServiceOwner({ claims: [userRef] }));
    }
    return { result: AuthorizeResult.DENY };
  }
}

const ownerRulePolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'test-owner-rule-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new OwnerRulePolicy());
      },
    });
  },
});

const destinationRule = (namespace: string) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'gov-app', namespace },
  spec: { host: `gov-app.${namespace}.svc.cluster.local`, trafficPolicy: { connectionPool: { tcp: { maxConnections: 10 } } } },
});

let server: Server;
const clients: Record<string, ClusterClient> = {};
/** A plain client for writes outside Meshfleet (as kubectl makes them: replace and create, other field managers). */
let outside: KubernetesObjectApi;

function kubeConfigOf(cluster: FleetCluster): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(cluster.adminKubeconfig);
  return kubeConfig;
}

async function removeTestNamespaces() {
  await Promise.all([removeNamespace(clients['mesh-cp'], OWNED), removeNamespace(clients['mesh-cp'], OTHER), removeNamespace(clients.east, OWNED)]);
}

const policyRef = (kind: string, namespace: string, name: string) => ({ apiVersion: 'networking.istio.io/v1', kind, namespace, name });
const stored = (namespace: string) => clients['mesh-cp'].get<KubernetesObject & { spec?: any }>(policyRef('DestinationRule', namespace, 'gov-app'));

const apply = (userRef: string, objects: object[]) =>
  request(server).post('/api/mesh/meshes/demo/policies/apply').set('Authorization', as(userRef)).send({ objects });
const drift = async (): Promise<MeshPolicyDriftItem[]> => {
  const response = await request(server).get('/api/mesh/meshes/demo/policies/drift').set('Authorization', as(NOBODY));
  expect(response.status).toBe(200);
  expectToMatchOpenApi('/meshes/{meshId}/policies/drift', 'get', 200, response.body);
  return (response.body.items as MeshPolicyDriftItem[]).filter(i => i.namespace === OWNED || i.namespace === OTHER);
};

beforeAll(async () => {
  const env = await ensureFleet({ clusters: 3 });
  Object.assign(clients, demoClusterClients(env));
  outside = KubernetesObjectApi.makeApiClient(kubeConfigOf(env.clusters.find(c => c.name === 'mesh-cp')!));
  await removeTestNamespaces();
  // The Component's workload: a Service in east, there before discovery's first read.
  await clients.east.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: OWNED } });
  await clients.east.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'gov-app', namespace: OWNED },
    spec: { selector: { app: 'gov-app' }, ports: [{ name: 'http', port: 8080 }] },
  });
  ({ server } = await startTestBackend({
    features: [
      meshPlugin,
      permissionBackend,
      ownerRulePolicy,
      httpAuthWithActorsFactory,
      catalogServiceMock.factory({ entities: [component] }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          kubernetes: demoKubernetesConfig(env),
        },
      }),
    ],
  }));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const mesh = await request(server).get('/api/mesh/meshes/demo').set('Authorization', as(ADMIN));
    if (mesh.status === 200 && mesh.body.services.some((s: { namespace: string; name: string }) => s.namespace === OWNED && s.name === 'gov-app')) break;
    if (Date.now() > deadline) throw new Error(`the demo mesh with ${OWNED}/gov-app was not discovered within a minute`);
    await new Promise(resolve => setTimeout(resolve, 500));
  }
});

afterAll(async () => {
  if (clients['mesh-cp']) await removeTestNamespaces();
});

describe('governance of the demo mesh policies', () => {
  it('refuses a user without the permission with 403 and changes nothing', async () => {
    const refused = await apply(NOBODY, [destinationRule(OTHER)]);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("'mesh.policy.traffic.write' is required");
    expect(await clients['mesh-cp'].get({ apiVersion: 'v1', kind: 'Namespace', name: OTHER })).toBeUndefined();
    const deleted = await request(server)
      .delete(`/api/mesh/meshes/demo/policies/DestinationRule/${OTHER}/gov-app`)
      .set('Authorization', as(NOBODY));
    expect(deleted.status).toBe(403);
  });

  it("lets a service owner change their namespace's policies, and nothing elsewhere (403)", async () => {
    const own = await apply(OWNER, [destinationRule(OWNED)]);
    expect(own.status).toBe(200);
    expect(own.body.results[0]).toMatchObject({ action: 'created', policy: { cluster: 'mesh-cp' } });
    expect(own.body.results[0].diff).toContain('+  host: gov-app.');
    expect(own.body.impact.services).toEqual([{ cluster: 'east', namespace: OWNED, name: 'gov-app' }]);
    expect(await stored(OWNED)).toBeDefined();

    const elsewhere = await apply(OWNER, [destinationRule(OTHER)]);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.message).toContain(`namespace ${OTHER} of mesh 'demo'`);
    const mixed = await apply(OWNER, [{ ...destinationRule(OWNED), spec: { host: 'gov-app' } }, destinationRule(OTHER)]);
    expect(mixed.status).toBe(403);
    expect((await stored(OWNED))?.spec.trafficPolicy).toBeDefined();
    expect(await clients['mesh-cp'].get({ apiVersion: 'v1', kind: 'Namespace', name: OTHER })).toBeUndefined();
  });

  it('answers two concurrent edits of the same resourceVersion with one 200 and one 409', async () => {
    await apply(ADMIN, [destinationRule(OWNED)]);
    const resourceVersion = (await stored(OWNED))!.metadata!.resourceVersion;
    const edit = (maxConnections: number) => {
      const object = destinationRule(OWNED);
      return apply(ADMIN, [
        { ...object, metadata: { ...object.metadata, resourceVersion }, spec: { ...object.spec, trafficPolicy: { connectionPool: { tcp: { maxConnections } } } } },
      ]);
    };
    const answers = await Promise.all([edit(20), edit(30)]);
    expect(answers.map(a => a.status).sort()).toEqual([200, 409]);
    const loser = answers.find(a => a.status === 409)!;
    expectToMatchOpenApi('/meshes/{meshId}/policies/apply', 'post', 409, loser.body);
    const winner = answers.find(a => a.status === 200)!;
    expect(loser.body.current.spec).toEqual(winner.body.results[0].policy.spec);
  });

  it('shows a change made outside Meshfleet as drift with its diff; revert restores, adopt clears', async () => {
    await apply(ADMIN, [destinationRule(OWNED)]);
    expect(await drift()).toEqual([]);

    // A plain write outside Meshfleet: a replace as kubectl edit makes it.
    const changeOutside = async (maxConnections: number) => {
      const current = (await stored(OWNED))!;
      current.spec.trafficPolicy.connectionPool.tcp.maxConnections = maxConnections;
      current.spec.trafficPolicy.loadBalancer = { simple: 'ROUND_ROBIN' };
      delete current.metadata!.managedFields;
      await outside.replace(current, undefined, undefined, 'kubectl-edit');
    };
    await changeOutside(99);
    const [changed] = await drift();
    expect(changed).toMatchObject({ kind: 'DestinationRule', namespace: OWNED, name: 'gov-app', reason: 'changed-outside' });
    expect(changed.diff).toMatch(/^-\s+maxConnections: 10$/m);
    expect(changed.diff).toMatch(/^\+\s+maxConnections: 99$/m);
    expect(changed.diff).toMatch(/^\+\s+simple: ROUND_ROBIN$/m);

    const reverted = await request(server).post('/api/mesh/meshes/demo/policies/drift/revert').set('Authorization', as(ADMIN))
      .send({ kind: 'DestinationRule', namespace: OWNED, name: 'gov-app' });
    expect(reverted.status).toBe(200);
    expectToMatchOpenApi('/meshes/{meshId}/policies/drift/revert', 'post', 200, reverted.body);
    const restored = (await stored(OWNED))!;
    expect(restored.spec.trafficPolicy).toEqual({ connectionPool: { tcp: { maxConnections: 10 } } });
    expect(await drift()).toEqual([]);

    await changeOutside(42);
    const refused = await request(server).post('/api/mesh/meshes/demo/policies/drift/adopt').set('Authorization', as(NOBODY))
      .send({ kind: 'DestinationRule', namespace: OWNED, name: 'gov-app' });
    expect(refused.status).toBe(403);
    const adopted = await request(server).post('/api/mesh/meshes/demo/policies/drift/adopt').set('Authorization', as(OWNER))
      .send({ kind: 'DestinationRule', namespace: OWNED, name: 'gov-app' });
    expect(adopted.status).toBe(200);
    expect(adopted.body).toMatchObject({ action: 'adopted', actor: OWNER });
    expect(await drift()).toEqual([]);
    expect((await stored(OWNED))!.spec.trafficPolicy.connectionPool.tcp.maxConnections).toBe(42);
  });

  it('shows a policy added outside, which revert deletes', async () => {
    await outside.create(
      { ...destinationRule(OWNED), metadata: { name: 'added-outside', namespace: OWNED } } as KubernetesObject,
      undefined,
      undefined,
      'kubectl-create',
    );
    const [added] = await drift();
    expect(added).toMatchObject({ name: 'added-outside', reason: 'added-outside' });
    expect(added.diff).toContain('--- /dev/null');
    const reverted = await request(server).post('/api/mesh/meshes/demo/policies/drift/revert').set('Authorization', as(ADMIN))
      .send({ kind: 'DestinationRule', namespace: OWNED, name: 'added-outside' });
    expect(reverted.status).toBe(200);
    expect(await clients['mesh-cp'].get(policyRef('DestinationRule', OWNED, 'added-outside'))).toBeUndefined();
    expect(await drift()).toEqual([]);
  });

  it('lists who changed what, when, with the diff, newest first', async () => {
    const response = await request(server)
      .get(`/api/mesh/meshes/demo/policies/changes?namespace=${OWNED}`)
      .set('Authorization', as(NOBODY));
    expect(response.status).toBe(200);
    expectToMatchOpenApi('/meshes/{meshId}/policies/changes', 'get', 200, response.body);
    const changes = response.body.changes as MeshPolicyChange[];
    expect(changes.map(c => [c.action, c.actor, c.name]).slice(0, 3)).toEqual([
      ['reverted', ADMIN, 'added-outside'],
      ['adopted', OWNER, 'gov-app'],
      ['reverted', ADMIN, 'gov-app'],
    ]);
    expect(changes.at(-1)).toMatchObject({ action: 'created', actor: OWNER, kind: 'DestinationRule', name: 'gov-app' });
    expect(changes.every(c => !Number.isNaN(Date.parse(c.at)) && c.diff.length > 0)).toBe(true);
  });
});
