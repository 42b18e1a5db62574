import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ensureFleet } from '@meshfleet/fleet';
import type { MeshPolicy } from '@meshfleet/plugin-mesh-common';
import { Server } from 'node:http';
import request from 'supertest';
import { expectToMatchOpenApi } from '../__testUtils__/openApiValidator';
import type { ClusterClient } from '../lifecycle/clusters/ClusterClient';
import { meshPlugin } from '../plugin';
import { demoClusterClients, demoKubernetesConfig, removeNamespace, reviewsService, waitForDemoMesh } from './__testUtils__/demoMeshFleet';

jest.setTimeout(300_000);

/*
 * Policies of the demo mesh (Helm-installed by `fleet up --demo`: istiod in
 * mesh-cp, east and west as remotes) written through the real backend to the
 * real fleet and read back from the real istiod. The test keeps to a
 * namespace of its own (created by the apply itself in mesh-cp, where the
 * demo has no such namespace) for a host no demo workload calls, and removes
 * it at the start and the end: the demo's traffic is not touched. The
 * service the policies are for (reviews, pods of v1 and v2) is placed in the
 * member cluster east, since validation checks hosts and subsets against
 * every cluster of the mesh.
 */

const user = mockCredentials.user.header();
const NAMESPACE = 'policies-fleet-test';

const destinationRule = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'reviews', namespace: NAMESPACE },
  spec: {
    host: `reviews.${NAMESPACE}.svc.cluster.local`,
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
    ],
  },
};
const split = (v1: number, v2: number) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: NAMESPACE },
  spec: {
    hosts: [`reviews.${NAMESPACE}.svc.cluster.local`],
    http: [
      {
        route: [
          { destination: { host: `reviews.${NAMESPACE}.svc.cluster.local`, subset: 'v1' }, weight: v1 },
          { destination: { host: `reviews.${NAMESPACE}.svc.cluster.local`, subset: 'v2' }, weight: v2 },
        ],
      },
    ],
  },
});

const reviewsInEast = reviewsService(NAMESPACE);

let server: Server;
const clients: Record<string, ClusterClient> = {};

const removeTestNamespace = () => removeNamespace(clients['mesh-cp'], NAMESPACE);

/** What the demo's istiod has in its configuration store for the test namespace (`/debug/configz`). */
async function istiodConfig(): Promise<Array<{ kind: string; name: string }>> {
  const pods = await clients['mesh-cp'].list<{ metadata?: { name?: string }; status?: { phase?: string } }>('v1', 'Pod', {
    namespace: 'istio-system',
    labelSelector: 'app=istiod',
  });
  const pod = pods.find(p => p.status?.phase === 'Running')?.metadata?.name;
  if (!pod) throw new Error('no running istiod pod in mesh-cp');
  const answer = (await clients['mesh-cp'].proxyGet({ namespace: 'istio-system', pod, port: 15014, path: 'debug/configz' })) as unknown;
  const configs = (typeof answer === 'string' ? JSON.parse(answer) : answer) as Array<{ kind?: string; metadata?: { name?: string; namespace?: string } }>;
  return configs
    .filter(c => c.metadata?.namespace === NAMESPACE)
    .map(c => ({ kind: String(c.kind), name: String(c.metadata?.name) }));
}

async function waitForIstiod(accept: (configs: Array<{ kind: string; name: string }>) => boolean, what: string) {
  const deadline = Date.now() + 60_000;
  let last: unknown;
  for (;;) {
    last = await istiodConfig();
    if (accept(last as Array<{ kind: string; name: string }>)) return;
    if (Date.now() > deadline) throw new Error(`istiod did not show ${what}; last: ${JSON.stringify(last)}`);
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

const apply = (body: object) =>
  request(server).post('/api/mesh/meshes/demo/policies/apply').set('Authorization', user).send(body);

beforeAll(async () => {
  const env = await ensureFleet({ clusters: 3 });
  Object.assign(clients, demoClusterClients(env));
  for (const object of reviewsInEast) await clients.east.apply(object);
  const backend = await startTestBackend({
    features: [
      meshPlugin,
      mockServices.rootConfig.factory({
        data: {
          kubernetes: demoKubernetesConfig(env),
        },
      }),
    ],
  });
  server = backend.server;
  await waitForDemoMesh(server, user);
});

// Each test starts without the namespace, whatever ran before it.
beforeEach(removeTestNamespace);

afterAll(async () => {
  if (clients['mesh-cp']) await removeTestNamespace();
  if (clients.east) await clients.east.delete({ apiVersion: 'v1', kind: 'Namespace', name: NAMESPACE });
});

describe("the demo mesh's policies", () => {
  it('a dry run validates a canary split and changes nothing', async () => {
    const response = await apply({ objects: [destinationRule, split(90, 10)], dryRun: true });
    expect(response.status).toBe(200);
    expectToMatchOpenApi('/meshes/{meshId}/policies/apply', 'post', 200, response.body);
    expect(response.body.results.map((r: { action: string; policy: MeshPolicy }) => [r.action, r.policy.kind, r.policy.metadata.namespace])).toEqual([
      ['created', 'DestinationRule', NAMESPACE],
      ['created', 'VirtualService', NAMESPACE],
    ]);
    expect(response.body.warnings).toEqual([expect.stringContaining(`namespace ${NAMESPACE} does not exist in mesh-cp; applying creates it`)]);
    expect(await clients['mesh-cp'].get({ apiVersion: 'v1', kind: 'Namespace', name: NAMESPACE })).toBeUndefined();
  });

  it('refuses a batch with one invalid object, names it and the reason, and applies none of it', async () => {
    const noRoute = { ...split(50, 50), metadata: { name: 'broken', namespace: NAMESPACE }, spec: { hosts: ['reviews'], http: [{}] } };
    const notAList = { ...split(50, 50), metadata: { name: 'not-a-list', namespace: NAMESPACE }, spec: { hosts: 'reviews' } };
    const response = await apply({ objects: [destinationRule, noRoute, notAList] });
    expect(response.status).toBe(400);
    const message: string = response.body.error.message;
    expect(message).toContain('2 policies were refused');
    expect(message).toContain(`objects[1] VirtualService ${NAMESPACE}/broken`);
    // istiod's validating webhook, through the dry run:
    expect(message).toContain('HTTP route, redirect or direct_response is required');
    expect(message).toContain(`objects[2] VirtualService ${NAMESPACE}/not-a-list`);
    expect(message).toContain('spec.hosts');
    // All or nothing: not even the valid DestinationRule, nor the namespace created for the batch.
    expect(await clients['mesh-cp'].get({ apiVersion: 'v1', kind: 'Namespace', name: NAMESPACE })).toBeUndefined();
  });

  it('applies the split to mesh-cp only, where istiod reads it; a stale write is a 409 with the current object', async () => {
    const created = await apply({ objects: [destinationRule, split(90, 10)] });
    expect(created.status).toBe(200);
    expect(created.body.results.map((r: { action: string }) => r.action)).toEqual(['created', 'created']);
    await waitForIstiod(
      configs => ['DestinationRule', 'VirtualService'].every(kind => configs.some(c => c.kind.includes(kind) && c.name === 'reviews')),
      'the DestinationRule and VirtualService reviews',
    );

    const listed = await request(server).get('/api/mesh/meshes/demo/policies').set('Authorization', user);
    expect(listed.status).toBe(200);
    expectToMatchOpenApi('/meshes/{meshId}/policies', 'get', 200, listed.body);
    expect(listed.body.configCluster).toBe('mesh-cp');
    const ours = (listed.body.policies as MeshPolicy[]).filter(p => p.metadata.namespace === NAMESPACE);
    expect(ours.map(p => [p.kind, p.cluster, p.managedBy])).toEqual([
      ['VirtualService', 'mesh-cp', ['meshfleet']],
      ['DestinationRule', 'mesh-cp', ['meshfleet']],
    ]);
    for (const member of ['east', 'west']) {
      expect(await clients[member].get({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', namespace: NAMESPACE, name: 'reviews' })).toBeUndefined();
    }

    const read = ours.find(p => p.kind === 'VirtualService')!;
    const moved = await apply({ objects: [{ ...split(50, 50), metadata: { ...split(50, 50).metadata, resourceVersion: read.metadata.resourceVersion } }] });
    expect([moved.status, moved.body.results?.[0]?.action]).toEqual([200, 'updated']);
    const stale = await apply({ objects: [{ ...split(0, 100), metadata: { ...split(0, 100).metadata, resourceVersion: read.metadata.resourceVersion } }] });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain(`VirtualService ${NAMESPACE}/reviews changed since it was read`);
    expect(stale.body.current.spec.http[0].route.map((r: { weight: number }) => r.weight)).toEqual([50, 50]);
    const unchanged = await apply({ objects: [split(50, 50)] });
    expect(unchanged.body.results[0].action).toBe('unchanged');

    const deleted = await request(server)
      .delete(`/api/mesh/meshes/demo/policies/VirtualService/${NAMESPACE}/reviews`)
      .set('Authorization', user);
    expect(deleted.status).toBe(204);
    await waitForIstiod(configs => !configs.some(c => c.kind.includes('VirtualService')), 'the VirtualService gone');
    const gone = await request(server).get(`/api/mesh/meshes/demo/policies/VirtualService/${NAMESPACE}/reviews`).set('Authorization', user);
    expect(gone.status).toBe(404);
  });
});
