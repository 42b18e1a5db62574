import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { V1Namespace, V1Pod } from '@kubernetes/client-node';
import { readFleetEnv } from '@meshfleet/fleet';
import type { MeshOperationPlan } from '@meshfleet/plugin-mesh-common';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import { meshPlugin } from '../plugin';
import { DEMO_CLUSTERS, demoClusterClients, demoKubernetesConfig, removeNamespace, waitForDemoMesh } from '../policies/__testUtils__/demoMeshFleet';
import type { ClusterClient } from './clusters/ClusterClient';
import { hasSidecar } from './kinds/workloadRollout';
import { operationsApi } from './__testUtils__/operationsApi';

jest.setTimeout(300_000);

/*
 * `injection.set` and `workload.restart` on the demo mesh (istiod in
 * mesh-cp, east as a remote), through the real backend's operations API:
 * the real istiod's injection webhook adds the sidecar, the real
 * kube-controller-manager rolls the Deployment out, the fleet's kubelet
 * stand-in runs the pods. The test keeps to a namespace of its own in east
 * (random suffix) with one Deployment of 2 replicas, and a second one for
 * a workload's own injection, and removes them at the end; the demo's own
 * namespaces are not touched.
 */

const user = mockCredentials.user.header();
const NAMESPACE = `i-${randomBytes(3).toString('hex')}`;
const APP = 'echo';
/** A namespace without injection labels, where one workload is injected by its pod template's label. */
const WORKLOAD_NAMESPACE = `${NAMESPACE}-w`;

let server: Server;
let east: ClusterClient;
let meshRevision: string;

const deploymentIn = (namespace: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: APP, namespace },
  spec: {
    replicas,
    selector: { matchLabels: { app: APP } },
    template: {
      metadata: { labels: { app: APP } },
      spec: { containers: [{ name: APP, image: 'example/echo:1', ports: [{ containerPort: 8080 }] }] },
    },
  },
});

const injection = (fields: object) => ({ kind: 'injection.set', meshId: 'demo', cluster: 'east', namespace: NAMESPACE, ...fields });
const restart = { kind: 'workload.restart', meshId: 'demo', cluster: 'east', namespace: NAMESPACE, timeoutSeconds: 120 };

const { succeeded } = operationsApi(() => server, user);

async function namespaceLabels(): Promise<Record<string, string>> {
  const namespace = await east.get<V1Namespace>({ apiVersion: 'v1', kind: 'Namespace', name: NAMESPACE });
  return namespace?.metadata?.labels ?? {};
}

async function livePods(namespace = NAMESPACE): Promise<V1Pod[]> {
  const pods = await east.list<V1Pod>('v1', 'Pod', { namespace, labelSelector: `app=${APP}` });
  return pods.filter(p => !p.metadata?.deletionTimestamp);
}

beforeAll(async () => {
  // The running demo as it is: `fleet up` would wait for the fleet's lock behind other tests' clusters.
  const env = await readFleetEnv();
  const down = DEMO_CLUSTERS.filter(name => !env.clusters.find(c => c.name === name)?.up);
  if (down.length) throw new Error(`the demo mesh's clusters ${down.join(', ')} are not up: run tools/fleet/fleet up --clusters 3 --demo`);
  east = demoClusterClients(env).east;
  // Applied as the admin client's field manager, `meshfleet`: so the workload test also shows that
  // injection.set's partial apply keeps every field Meshfleet applied before (appliedFields.ts).
  for (const [namespace, replicas] of [[NAMESPACE, 2], [WORKLOAD_NAMESPACE, 1]] as const) {
    await east.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    await east.apply(deploymentIn(namespace, replicas));
  }
  const backend = await startTestBackend({
    features: [meshPlugin, mockServices.rootConfig.factory({ data: { kubernetes: demoKubernetesConfig(env) } })],
  });
  server = backend.server;
  await waitForDemoMesh(server, user);
  const mesh = await request(server).get('/api/mesh/meshes/demo').set('Authorization', user);
  meshRevision = mesh.body.revisions[0];
});

afterAll(async () => {
  if (east) await Promise.all([removeNamespace(east, NAMESPACE), removeNamespace(east, WORKLOAD_NAMESPACE)]);
});

describe('sidecar injection in the demo mesh', () => {
  it('plans the label change without making it', async () => {
    const response = await request(server).post('/api/mesh/operations?dryRun=true').set('Authorization', user).send(injection({ enabled: true }));
    expect([response.status, response.body?.error?.message]).toEqual([200, undefined]);
    const plan: MeshOperationPlan = response.body;
    expect(plan.changes).toEqual([
      expect.objectContaining({ cluster: 'east', action: 'update', kind: 'Namespace', name: NAMESPACE, reason: 'set label istio-injection=enabled' }),
    ]);
    expect(await namespaceLabels()).not.toHaveProperty('istio-injection');
  });

  it("enables injection, and after a restart the new pods carry the sidecar of the mesh's revision", async () => {
    const enabled = await succeeded(injection({ enabled: true }));
    expect(enabled.outputs).toMatchObject({ outcome: 'updated', changes: 'set label istio-injection=enabled' });
    expect(enabled.steps.at(-1)?.detail).toContain('restart the workloads for pods to get or lose their sidecar');
    expect(await namespaceLabels()).toMatchObject({ 'istio-injection': 'enabled' });

    const again = await succeeded(injection({ enabled: true }));
    expect(again.outputs).toMatchObject({ outcome: 'kept', changes: 'no change' });

    const restartPlan = await request(server).post('/api/mesh/operations?dryRun=true').set('Authorization', user).send(restart);
    expect(restartPlan.body.changes).toEqual([
      expect.objectContaining({ action: 'update', kind: 'Deployment', namespace: NAMESPACE, name: APP, reason: 'rollout restart, batch 1 of 1' }),
    ]);
    const restarted = await succeeded(restart);
    expect(restarted.outputs).toMatchObject({ restarted: 1, pods: 2, podsWithSidecar: 2 });
    expect(JSON.parse(String(restarted.outputs.workloads))).toEqual([{ workload: APP, pods: 2, podsWithSidecar: 2, revisions: [meshRevision] }]);
    const pods = await livePods();
    expect(pods.map(hasSidecar)).toEqual([true, true]);
  });

  it('disables injection, and after a restart no pod has a sidecar', async () => {
    const disabled = await succeeded(injection({ enabled: false }));
    expect(disabled.outputs).toMatchObject({ outcome: 'updated', changes: 'set label istio-injection=disabled' });
    expect(await namespaceLabels()).toMatchObject({ 'istio-injection': 'disabled' });

    const restarted = await succeeded(restart);
    expect(restarted.outputs).toMatchObject({ pods: 2, podsWithSidecar: 0 });
    expect((await livePods()).map(hasSidecar)).toEqual([false, false]);
  });

  it("injects one workload by its pod template's label, with the sidecar's resources from Istio's annotations", async () => {
    const body = injection({ namespace: WORKLOAD_NAMESPACE, workload: APP, enabled: true, resources: { cpuRequest: '50m', memoryLimit: '256Mi' } });
    const enabled = await succeeded(body);
    expect(enabled.outputs).toMatchObject({
      outcome: 'updated',
      changes: 'set label sidecar.istio.io/inject=true; set annotation sidecar.istio.io/proxyCPU=50m; set annotation sidecar.istio.io/proxyMemoryLimit=256Mi',
    });
    expect((await succeeded(body)).outputs).toMatchObject({ outcome: 'kept' });
    // The pod template changed, so Kubernetes rolls the pods out; the restart waits for that and counts.
    const restarted = await succeeded({ ...restart, namespace: WORKLOAD_NAMESPACE, workloads: [APP] });
    expect(restarted.outputs).toMatchObject({ pods: 1, podsWithSidecar: 1 });
    const [pod] = await livePods(WORKLOAD_NAMESPACE);
    const proxy = pod.spec?.containers.find(c => c.name === 'istio-proxy') ?? pod.spec?.initContainers?.find(c => c.name === 'istio-proxy');
    expect([proxy?.resources?.requests?.cpu, proxy?.resources?.limits?.memory]).toEqual(['50m', '256Mi']);
  });

  it('refuses a namespace east does not have and a revision istiod does not run, naming them, and changes nothing', async () => {
    const before = await namespaceLabels();
    const missing = await request(server).post('/api/mesh/operations').set('Authorization', user).send(injection({ namespace: `${NAMESPACE}-missing`, enabled: true }));
    expect([missing.status, missing.body.error.message]).toEqual([404, `namespace: no namespace '${NAMESPACE}-missing' in cluster 'east'`]);
    const unknown = await request(server).post('/api/mesh/operations').set('Authorization', user).send(injection({ enabled: true, revision: 'no-such-rev' }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/^revision: 'no-such-rev' is not an istiod revision of mesh 'demo'/);
    expect(await east.get({ apiVersion: 'v1', kind: 'Namespace', name: `${NAMESPACE}-missing` })).toBeUndefined();
    expect(await namespaceLabels()).toEqual(before);
  });
});
