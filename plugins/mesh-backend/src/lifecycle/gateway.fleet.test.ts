import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { V1Deployment } from '@kubernetes/client-node';
import { ensureFleet } from '@meshfleet/fleet';
import type { MeshDetail, MeshOperationLogEntry, MeshOperationPlan } from '@meshfleet/plugin-mesh-common';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { isIP } from 'node:net';
import request from 'supertest';
import { meshPlugin } from '../plugin';
import { demoClusterClients, demoKubernetesConfig, removeNamespace, waitForDemoMesh } from '../policies/__testUtils__/demoMeshFleet';
import type { ClusterClient } from './clusters/ClusterClient';
import { lifecycleConfig, readIstioTools } from './__testUtils__/fleetLifecycle';
import { operationsApi } from './__testUtils__/operationsApi';

jest.setTimeout(300_000);

/*
 * An ingress gateway in the demo mesh's member west (Helm-installed by
 * `fleet up --demo`), created and deleted through the operations engine of a
 * real backend with real Helm, the fleet's copy of Istio's gateway chart and
 * the demo's istiod injecting the gateway's proxy (the fleet's kubelet
 * stand-in runs its pods: IdealRuntime, Ready at once). The test keeps to a
 * namespace of its own, which the create makes and the delete removes; the
 * load-balancer address comes from the fleet's load balancer for
 * `type: LoadBalancer` Services.
 */

const user = mockCredentials.user.header();
const SUFFIX = randomBytes(3).toString('hex');
const NAMESPACE = `g-gw-${SUFFIX}`;
const NAME = 'g-ingress';
const TAKEN = 'g-taken';

/** The kinds Istio's gateway chart creates, named after the release. */
const RELEASE_KINDS = [
  ['apps/v1', 'Deployment'],
  ['v1', 'Service'],
  ['v1', 'ServiceAccount'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['v1', 'Pod'],
  ['v1', 'Secret'],
] as const;

const createBody = { kind: 'gateway.create', meshId: 'demo', cluster: 'west', namespace: NAMESPACE, name: NAME, type: 'ingress' };
const deleteBody = { kind: 'gateway.delete', meshId: 'demo', cluster: 'west', namespace: NAMESPACE, name: NAME };

let server: Server;
let west: ClusterClient;
const logs: MeshOperationLogEntry[] = [];

/** Every object in west that belongs to the gateway's release (Helm's own release Secrets included). */
async function releaseObjects(): Promise<string[]> {
  const found: string[] = [];
  for (const [apiVersion, kind] of RELEASE_KINDS) {
    const selector = kind === 'Secret' ? `owner=helm,name=${NAME}` : `app.kubernetes.io/instance=${NAME}`;
    const objects = await west.list(apiVersion, kind, { labelSelector: selector });
    found.push(...objects.map(o => `${kind} ${o.metadata?.namespace}/${o.metadata?.name}`));
  }
  return found;
}

const { succeeded } = operationsApi(() => server, user, (_id, entries) => logs.push(...entries));

/** Until the mesh page's model lists the gateway as `accept` wants it (discovery follows the cluster's watch). */
async function gatewayInModel(accept: (gateway: NonNullable<MeshDetail['gateways']>[number] | undefined) => boolean) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const mesh: MeshDetail = (await request(server).get('/api/mesh/meshes/demo').set('Authorization', user)).body;
    const gateway = mesh.gateways?.find(g => g.cluster === 'west' && g.namespace === NAMESPACE && g.name === NAME);
    if (accept(gateway)) return gateway;
    if (Date.now() > deadline) throw new Error(`the model did not show the gateway as expected; last: ${JSON.stringify(gateway)}`);
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  const env = await ensureFleet({ clusters: 3 });
  west = demoClusterClients(env).west;
  const tools = await readIstioTools();
  const { meshfleet } = lifecycleConfig(
    env.clusters.filter(c => c.name === 'west'),
    tools,
  );
  ({ server } = await startTestBackend({
    features: [
      meshPlugin,
      mockServices.rootConfig.factory({
        data: {
          kubernetes: demoKubernetesConfig(env),
          meshfleet: { ...meshfleet, lifecycle: { waitTimeout: { seconds: 90 } } },
        },
      }),
    ],
  }));
  await waitForDemoMesh(server, user);
});

afterAll(async () => {
  if (west) await removeNamespace(west, NAMESPACE);
});

describe("an ingress gateway in the demo mesh's west", () => {
  it('plans the gateway without changing anything', async () => {
    const response = await request(server).post('/api/mesh/operations?dryRun=true').set('Authorization', user).send(createBody);
    expect([response.status, response.body?.error?.message]).toEqual([200, undefined]);
    const plan: MeshOperationPlan = response.body;
    expect(plan.steps.map(s => s.id)).toEqual(['gateway-namespace', 'helm-gateway', 'wait-gateway', 'gateway-address']);
    expect(plan.helmReleases).toMatchObject([
      { cluster: 'west', action: 'install', release: NAME, namespace: NAMESPACE, chart: 'gateway', values: { service: { type: 'LoadBalancer' } } },
    ]);
    expect(plan.changes).toMatchObject([{ cluster: 'west', action: 'create', kind: 'Namespace', name: NAMESPACE }]);
    expect(await west.get({ apiVersion: 'v1', kind: 'Namespace', name: NAMESPACE })).toBeUndefined();
  });

  it('creates it Ready and with a load-balancer address, listed on the mesh page; a re-run converges', async () => {
    const created = await succeeded(createBody);
    const deployment = await west.get<V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: NAMESPACE, name: NAME });
    expect(deployment?.status?.readyReplicas).toBe(1);
    expect(deployment?.metadata?.labels?.istio).toBe(`${NAME}-ingressgateway`);
    expect(created.outputs).toMatchObject({ cluster: 'west', namespace: NAMESPACE, type: 'ingress', revision: 'default' });
    const address = String(created.outputs?.address);
    expect(isIP(address)).not.toBe(0);

    // Discovery sees the Service's address and the Deployment's readiness through separate watches.
    const listed = await gatewayInModel(g => (g?.addresses.length ?? 0) > 0 && g?.readyReplicas === 1);
    expect(listed).toMatchObject({ kind: 'ingress', serviceType: 'LoadBalancer', addresses: [address], readyReplicas: 1 });

    const again = await succeeded(createBody);
    expect(again.steps.find(s => s.id === 'helm-gateway')?.detail).toMatch(/^kept Helm release g-ingress/);
  });

  it('refuses a name a Deployment of another tool holds, naming it, and changes nothing', async () => {
    await west.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: TAKEN, namespace: NAMESPACE },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: TAKEN } },
        template: { metadata: { labels: { app: TAKEN } }, spec: { containers: [{ name: 'app', image: 'example/app:1' }] } },
      },
    });
    const response = await request(server).post('/api/mesh/operations').set('Authorization', user).send({ ...createBody, name: TAKEN });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toBe(
      `name: '${TAKEN}' is taken by Deployment '${TAKEN}' in namespace ${NAMESPACE} of west, which no gateway release of that name made; choose another name`,
    );
    expect(await west.list('v1', 'Secret', { namespace: NAMESPACE, labelSelector: `owner=helm,name=${TAKEN}` })).toEqual([]);
    await west.delete({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: NAMESPACE, name: TAKEN });
  });

  it('deletes it leaving no object of the release and removes the namespace it was created in', async () => {
    expect(await releaseObjects()).not.toEqual([]);
    await succeeded(deleteBody);
    expect(await releaseObjects()).toEqual([]);
    expect(await west.get({ apiVersion: 'v1', kind: 'Namespace', name: NAMESPACE })).toBeUndefined();
    await gatewayInModel(g => g === undefined);

    const again = await request(server).post('/api/mesh/operations').set('Authorization', user).send(deleteBody);
    expect([again.status, again.body.error?.message]).toEqual([404, `name: no gateway '${NAME}' in namespace ${NAMESPACE} of west`]);
  });

  it('logged no token or kubeconfig', () => {
    const text = JSON.stringify(logs);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|client-key-data|"token":/);
  });
});
