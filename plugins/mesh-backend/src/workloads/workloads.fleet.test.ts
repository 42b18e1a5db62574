import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { KubeConfig } from '@kubernetes/client-node';
import { ensureFleet } from '@meshfleet/fleet';
import type { ClusterWorkloads, MeshDetail, MeshWorkloads, WorkloadSidecars } from '@meshfleet/plugin-mesh-common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { expectToMatchOpenApi } from '../__testUtils__/openApiValidator';
import { ClusterClient, KubernetesClusterClient } from '../lifecycle/clusters/ClusterClient';
import type { ClusterConnector } from '../lifecycle/clusters/ClusterConnector';
import { meshPlugin } from '../plugin';
import { demoClusterClients, demoKubernetesConfig, removeNamespace, waitForDemoMesh } from '../policies/__testUtils__/demoMeshFleet';
import { WorkloadService } from './WorkloadService';

jest.setTimeout(240_000);

/*
 * The workloads API through the real backend against the fleet's demo mesh
 * (real API servers, istiod in mesh-cp injecting east's and west's pods):
 * the shop namespace's workloads carry sidecars of the mesh's revision in
 * both members; in a namespace of this test's own in east, labelled for
 * injection only after its pods started, the pods are flagged; and a
 * cluster whose API server does not answer (a closed port) is listed with
 * its error while the others answer.
 */

const user = mockCredentials.user.header();
const NAMESPACE = `w-sidecars-${Math.random().toString(36).slice(2, 8)}`;

let server: Server;
const clients: Record<string, ClusterClient> = {};

const workloads = async (query: string): Promise<MeshWorkloads> => {
  const response = await request(server).get(`/api/mesh/meshes/demo/workloads?${query}`).set('Authorization', user);
  expect([response.status, response.body.error?.message]).toEqual([200, undefined]);
  expectToMatchOpenApi('/meshes/{meshId}/workloads', 'get', 200, response.body);
  return response.body;
};

const clusterNamed = (answer: MeshWorkloads, name: string): ClusterWorkloads => {
  const found = answer.clusters.find(c => c.cluster === name);
  if (!found) throw new Error(`no cluster ${name} in the answer: ${answer.clusters.map(c => c.cluster).join(', ')}`);
  return found;
};

/** Until `check` returns a value (a minute at most). */
async function eventually<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within a minute`);
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise(resolve => probe.close(resolve));
  return port;
}

async function closedPortClient(name: string): Promise<ClusterClient> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name, server: `https://127.0.0.1:${await closedPort()}`, skipTLSVerify: true }],
    users: [{ name: 'nobody', token: 'unused' }],
    contexts: [{ name, cluster: name, user: 'nobody' }],
    currentContext: name,
  });
  return new KubernetesClusterClient(name, kubeConfig);
}

beforeAll(async () => {
  const env = await ensureFleet({ clusters: 3 });
  Object.assign(clients, demoClusterClients(env));
  // Pods that start before their namespace asks for injection: they run without a sidecar.
  await clients.east.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  await clients.east.apply({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'early', namespace: NAMESPACE },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'early' } },
      template: { metadata: { labels: { app: 'early' } }, spec: { containers: [{ name: 'app', image: 'example/early:1' }] } },
    },
  });
  await eventually(async () => {
    const pods = await clients.east.list('v1', 'Pod', { namespace: NAMESPACE });
    return pods.length === 2 ? pods : undefined;
  }, `two pods of ${NAMESPACE}/early in east`);
  await clients.east.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE, labels: { 'istio-injection': 'enabled' } } });

  const backend = await startTestBackend({
    features: [meshPlugin, mockServices.rootConfig.factory({ data: { kubernetes: demoKubernetesConfig(env) } })],
  });
  server = backend.server;
  await waitForDemoMesh(server, user);
});

afterAll(async () => {
  if (clients.east) await removeNamespace(clients.east, NAMESPACE);
});

describe('workloads of the demo mesh', () => {
  it("shows the shop namespace's workloads in east and west with sidecars of the mesh's revision", async () => {
    const mesh: MeshDetail = (await request(server).get('/api/mesh/meshes/demo').set('Authorization', user)).body;
    const [revision] = mesh.revisions;
    const answer = await workloads('namespace=shop');
    for (const cluster of ['east', 'west']) {
      const part = clusterNamed(answer, cluster);
      expect(part.error).toBeUndefined();
      expect(part.namespaces).toEqual([expect.objectContaining({ namespace: 'shop', mode: 'enabled', revision })]);
      expect(part.workloads.map(w => w.name)).toEqual(expect.arrayContaining(['cart-v1', 'catalog-v1', 'catalog-v2']));
      for (const workload of part.workloads) {
        expect(workload).toMatchObject({ kind: 'Deployment', expectedRevision: revision, mismatched: [] });
        expect(workload.podsWithSidecar).toBe(workload.pods);
        expect(workload.revisions).toEqual([{ revision, pods: workload.pods }]);
      }
    }
    // The control plane runs no shop workloads, and says so rather than failing.
    expect(clusterNamed(answer, 'mesh-cp')).toMatchObject({ workloads: [] });
  });

  it("answers a service's workloads in the clusters it runs in", async () => {
    const answer = await workloads(`service=${encodeURIComponent('shop/catalog')}`);
    expect(answer.clusters.map(c => c.cluster).sort()).toEqual(['east', 'west']);
    for (const part of answer.clusters) {
      expect(part.workloads.map(w => w.name)).toEqual(['catalog-v1', 'catalog-v2']);
    }
  });

  it('flags the pods that started before their namespace was labelled for injection', async () => {
    const answer = await workloads(`namespace=${NAMESPACE}&cluster=east`);
    const east = clusterNamed(answer, 'east');
    expect(east.namespaces).toEqual([expect.objectContaining({ namespace: NAMESPACE, mode: 'enabled', requested: 'default' })]);
    const early = east.workloads.find(w => w.name === 'early') as WorkloadSidecars;
    expect(early).toMatchObject({ kind: 'Deployment', replicas: 2, pods: 2, podsWithSidecar: 0 });
    expect(early.mismatched).toHaveLength(2);
    for (const pod of early.mismatched) expect(pod).toMatchObject({ reason: 'no-sidecar', expectedRevision: early.expectedRevision });
  });

  it('lists a cluster that does not answer with its error and answers the others', async () => {
    const mesh: MeshDetail = (await request(server).get('/api/mesh/meshes/demo').set('Authorization', user)).body;
    const gone = await closedPortClient('w-gone');
    const connector = { forCluster: async (name: string) => (name === 'w-gone' ? gone : clients[name]) } as unknown as ClusterConnector;
    const withStoppedMember = { ...mesh, clusters: [...mesh.clusters, { cluster: 'w-gone', role: 'remote' as const, reachability: 'unreachable' as const }] };
    const answer = await new WorkloadService(connector).list(withStoppedMember, { namespace: 'shop' });
    expect(clusterNamed(answer, 'w-gone').error).toMatch(/^w-gone: list .*ECONNREFUSED/);
    expect(clusterNamed(answer, 'east').workloads.length).toBeGreaterThan(0);
    expect(clusterNamed(answer, 'west').workloads.length).toBeGreaterThan(0);
  });
});
