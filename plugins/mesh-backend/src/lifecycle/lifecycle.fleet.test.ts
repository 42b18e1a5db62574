import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { MeshOperationLogEntry, MeshOperationPlan } from '@meshfleet/plugin-mesh-common';
import type { Server } from 'node:http';
import request from 'supertest';
import { meshPlugin } from '../plugin';
import type { V1ConfigMap, V1Pod, V1Secret, V1Service } from '@kubernetes/client-node';
import type { FleetCluster } from '@meshfleet/fleet';
import type { Knex } from 'knex';
import { X509Certificate } from 'node:crypto';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import type { ClusterClient } from './clusters/ClusterClient';
import { names, snapshot, Snapshot } from './__testUtils__/clusterSnapshot';
import { removeEarlierRun } from './__testUtils__/earlierRuns';
import { removeRoute, routePodAddress as routePodAddressIn, routeToIstiod as routeToIstiodIn } from './__testUtils__/istiodRoute';
import {
  fleetClusters,
  fleetLifecycleServices,
  IstioTools,
  KindRun,
  lifecycleConfig,
  planKind,
  readIstioTools,
  runKind,
  UNREACHABLE_CLUSTER,
} from './__testUtils__/fleetLifecycle';
import { clusterJoinKind } from './kinds/clusterJoin';
import { clusterLeaveKind } from './kinds/clusterLeave';
import { istiodDebug, registryzClusters } from './kinds/istiod';
import { endpointNetworksOf, ENDPOINT_SHARDZ_PATH, networkGateways, NETWORKZ_PATH } from './kinds/networkz';
import { meshCreateKind } from './kinds/meshCreate';
import { meshDeleteKind } from './kinds/meshDelete';
import type { LifecycleServices } from './services';
import { chainProblem } from './trust/certificates';
import { operationsApi } from './__testUtils__/operationsApi';

jest.setTimeout(30 * 60_000);

/*
 * The four kinds against the local fleet: real API servers, the real istiod
 * and Helm. The clusters are the test's own (never the demo's mesh-cp, east
 * and west, nor member-04/05 which the outage tests stop): member-06 is the
 * control plane, member-07 and member-08 join. Steps run as the engine runs
 * them (validate, then each step), every step twice where a rerun must
 * converge. The test starts by removing whatever an earlier, interrupted
 * run left (with the same kinds), and ends with the clusters as they were.
 */

const CP = 'member-06';
const M1 = 'member-07';
const M2 = 'member-08';
const MESH = 'lifecycle-test';
const SHOP = 'lifecycle-shop';

const databases = createTestDatabases();

let clusters: FleetCluster[];
let tools: IstioTools;
let services: LifecycleServices;
let knex: Knex;
const client: Record<string, ClusterClient> = {};
const runs: KindRun[] = [];

let controlPlaneAddress: string;

function createBody(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'mesh.create',
    controlPlaneAddress,
    mesh: {
      id: MESH,
      title: 'Lifecycle test mesh',
      type: 'hosted',
      controlPlaneCluster: CP,
      controlPlaneNetwork: `net-${CP}`,
      revision: 'default',
      trustDomain: 'lifecycle.test',
      owner: 'group:default/platform',
      ...overrides,
    },
  };
}

/**
 * M1 joins on a network of its own (east-west gateways on both sides), M2 on
 * the control plane's (none). Only M1 can be on another network here: its
 * east-west gateway's pod must be injected, and on the fleet only M1's API
 * server reaches istiod (through the route pod, see below).
 */
const networkOf = (cluster: string) => (cluster === M2 ? `net-${CP}` : `net-${cluster}`);
const joinBody = (cluster: string) => ({ kind: 'cluster.join', meshId: MESH, cluster, network: networkOf(cluster) });
const leaveBody = (cluster: string) => ({ kind: 'cluster.leave', meshId: MESH, cluster });
const deleteBody = { kind: 'mesh.delete', meshId: MESH };

const createKind = () => meshCreateKind(services.config);

async function run(kind: Parameters<typeof runKind>[0], body: unknown, times = 1): Promise<KindRun> {
  const result = await runKind(kind, body, services, { times });
  runs.push(result);
  return result;
}

async function snapshots(): Promise<Record<string, Snapshot>> {
  return Object.fromEntries(await Promise.all([CP, M1, M2].map(async c => [c, await snapshot(client[c])] as const)));
}

/** The load-balancer address of a cluster's east-west gateway. */
async function eastWestAddress(cluster: string): Promise<string | undefined> {
  const ref = { apiVersion: 'v1', kind: 'Service', namespace: 'istio-system', name: 'istio-eastwestgateway' };
  return (await client[cluster].get<V1Service>(ref))?.status?.loadBalancer?.ingress?.[0]?.ip;
}

/**
 * What istiod itself says about the two networks: each one's east-west
 * gateway at the address its Service got (none in M2, on the control
 * plane's network), and every member's endpoints on the member's network (so
 * proxies on another network get the gateway's address for them in place of
 * the pod IPs, Istio's split-horizon EDS).
 */
async function expectCrossNetworkRouting(): Promise<void> {
  const gateways = networkGateways(await istiodDebug(client[CP], 'default', NETWORKZ_PATH));
  for (const cluster of [CP, M1]) {
    const address = await eastWestAddress(cluster);
    expect(address).toMatch(/^127\.2\d\d\./);
    expect(gateways).toContainEqual({ network: networkOf(cluster), cluster, address, port: 15443 });
  }
  expect(await eastWestAddress(M2)).toBeUndefined();
  expect(gateways.map(g => g.cluster).sort()).toEqual([CP, M1].sort());
  const shards = await istiodDebug(client[CP], 'default', ENDPOINT_SHARDZ_PATH);
  for (const member of [M1, M2]) {
    const byNetwork = endpointNetworksOf(shards, member);
    expect([...byNetwork.keys()]).toEqual([networkOf(member)]);
    expect(byNetwork.get(networkOf(member))).toBeGreaterThan(0);
  }
}

function withoutCrds(list: string[]): string[] {
  return list.filter(n => !n.startsWith('CustomResourceDefinition '));
}

/** What an interrupted earlier run may have left: removed with the kinds themselves. */
function removeEarlierRuns(): Promise<void> {
  return removeEarlierRun(services, {
    ...createBody().mesh,
    type: 'hosted',
    members: [M1, M2].map(c => ({ cluster: c, network: networkOf(c) })),
    istioVersion: tools.version,
  });
}

/*
 * How member-07's API server reaches member-06's istiod: the mesh is created
 * with the IP of a route pod in member-07 as its controlPlaneAddress (see
 * istiodRoute.ts). Only member-07 has that pod, so only member-07's pods are
 * injected in this test; member-08 is joined, verified and removed the same way.
 */
const ROUTE_NAMESPACE = 'lifecycle-route';
const routePodAddress = () => routePodAddressIn(client[M1], ROUTE_NAMESPACE);
const routeToIstiod = () => routeToIstiodIn(client[CP], client[M1], ROUTE_NAMESPACE);

/** A namespace injected by the mesh's default revision, with one Service, in a member. */
async function shopIn(cluster: string): Promise<void> {
  await client[cluster].apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: SHOP, labels: { 'istio-injection': 'enabled' } } });
  await client[cluster].apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'catalog', namespace: SHOP },
    spec: { selector: { app: 'catalog' }, ports: [{ name: 'http', port: 8080 }] },
  });
}

async function rootCertificate(): Promise<string> {
  const secret = await client[CP].get<V1Secret>({ apiVersion: 'v1', kind: 'Secret', namespace: 'meshfleet-system', name: 'meshfleet-root-ca' });
  return Buffer.from(secret!.data!['root-cert.pem'], 'base64').toString('utf8');
}

async function intermediateOf(cluster: string): Promise<string> {
  const secret = await client[cluster].get<V1Secret>({ apiVersion: 'v1', kind: 'Secret', namespace: 'istio-system', name: 'cacerts' });
  return Buffer.from(secret!.data!['ca-cert.pem'], 'base64').toString('utf8');
}

beforeAll(async () => {
  [clusters, tools] = await Promise.all([fleetClusters([CP, M1, M2]), readIstioTools()]);
  knex = await databases.init('SQLITE_3');
  services = await fleetLifecycleServices(clusters, tools, knex);
  for (const c of [CP, M1, M2]) client[c] = await services.clusters.forCluster(c);
  await removeEarlierRuns();
  await Promise.all([M1, M2].map(shopIn));
  controlPlaneAddress = await routePodAddress();
});

afterAll(async () => {
  if (client[M1]) await removeRoute(client[M1], ROUTE_NAMESPACE);
  await knex?.destroy();
});

describe('mesh lifecycle on the local fleet', () => {
  let beforeCreate: Record<string, Snapshot>;
  let beforeJoin: Record<string, Snapshot>;

  it('refuses bad requests before anything changes, naming what is wrong', async () => {
    beforeCreate = await snapshots();
    const refusal = (body: unknown, kind: Parameters<typeof planKind>[0] = createKind()) => planKind(kind, body, services);
    await expect(refusal(createBody({ controlPlaneCluster: 'nowhere' }))).rejects.toThrow(
      new InputError(`mesh.controlPlaneCluster: unknown cluster 'nowhere'; expected one of the clusters Meshfleet reads (GET /clusters): ${CP}, ${M1}, ${M2}, ${UNREACHABLE_CLUSTER}`),
    );
    await expect(refusal(createBody({ istioVersion: '9.9.9' }))).rejects.toThrow(InputError);
    await expect(refusal(createBody({ istioVersion: '9.9.9' }))).rejects.toThrow(/mesh\.istioVersion: Istio 9\.9\.9 is not available: the chart directory .* has no base chart of that version/);
    await expect(refusal(createBody({ revision: '1.31' }))).rejects.toThrow(/^mesh\.revision: '1\.31' is not a valid istiod revision/);
    await expect(refusal(joinBody(M1), clusterJoinKind)).rejects.toThrow(new NotFoundError(`meshId: no managed mesh with id '${MESH}'`));
    expect(await snapshots()).toEqual(beforeCreate);
  });

  it('plans mesh.create without changing anything', async () => {
    const plan = await planKind(createKind(), createBody(), services);
    expect(plan.helmReleases.map(r => `${r.cluster} ${r.action} ${r.release} ${r.chart} ${r.version}`)).toEqual([
      `${CP} install istio-base base ${tools.version}`,
      `${CP} install istiod istiod ${tools.version}`,
    ]);
    expect(plan.helmReleases[1].values).toMatchObject({
      global: { meshID: MESH, multiCluster: { clusterName: CP }, network: `net-${CP}`, externalIstiod: true, tag: tools.tag },
      meshConfig: { trustDomain: 'lifecycle.test' },
    });
    expect(plan.changes.map(c => `${c.cluster} ${c.action} ${c.kind} ${c.namespace ?? ''}/${c.name}`)).toEqual(
      expect.arrayContaining([
        `${CP} create Secret meshfleet-system/meshfleet-root-ca`,
        `${CP} create Secret istio-system/cacerts`,
      ]),
    );
    expect(await snapshots()).toEqual(beforeCreate);
  });

  it('creates a hosted mesh on a fresh cluster: istiod Ready, exposed to members; a rerun of every step converges', async () => {
    const created = await run(createKind(), createBody(), 2);
    expect(created.details).toEqual(
      expect.arrayContaining([
        `register: registered mesh ${MESH} (hosted, control plane ${CP})`,
        `register: mesh ${MESH} was registered already`,
        `wait-istiod: istiod istiod is Ready in ${CP}`,
      ]),
    );
    // The second run of each step changes nothing.
    const helmDetails = created.details.filter(d => d.startsWith('helm-'));
    expect(helmDetails).toEqual([
      `helm-base: installed Helm release istio-base (base ${tools.version}) in ${CP}`,
      `helm-base: kept Helm release istio-base (base ${tools.version}) in ${CP}`,
      `helm-istiod: installed Helm release istiod (istiod ${tools.version}) in ${CP}`,
      `helm-istiod: kept Helm release istiod (istiod ${tools.version}) in ${CP}`,
    ]);
    expect(created.outputs.controlPlaneAddress).toBe(controlPlaneAddress);
    await routeToIstiod();
    expect(await chainProblem(await intermediateOf(CP), await rootCertificate())).toBeUndefined();

    // A second mesh.create of the same mesh validates, plans nothing, and changes nothing.
    const settled = await snapshots();
    const plan = await planKind(createKind(), createBody(), services);
    expect(plan.helmReleases.map(r => r.action)).toEqual(['unchanged', 'unchanged']);
    expect(plan.changes.filter(c => c.action !== 'unchanged')).toEqual([]);
    expect(await snapshots()).toEqual(settled);
  });

  it('joins two clusters: istiod lists their services, injects their pods, and every cacerts chains to the one root', async () => {
    beforeJoin = await snapshots();
    const plan = await planKind(clusterJoinKind, joinBody(M1), services);
    // M1 is on another network than the control plane: east-west gateways on both sides.
    expect(plan.helmReleases.map(r => `${r.cluster} ${r.action} ${r.release}`)).toEqual([
      `${M1} install istio-base`,
      `${M1} install istiod-remote`,
      `${CP} install istio-eastwestgateway`,
      `${M1} install istio-eastwestgateway`,
    ]);
    expect(plan.helmReleases[3].values).toMatchObject({ networkGateway: `net-${M1}`, service: { type: 'LoadBalancer' } });
    expect(plan.helmReleases[1].values).toMatchObject({
      profile: 'remote',
      global: { remotePilotAddress: controlPlaneAddress, configCluster: true, multiCluster: { clusterName: M1 } },
      istiodRemote: { injectionPath: `/inject/cluster/${M1}/net/net-${M1}` },
    });
    expect(await snapshots()).toEqual(beforeJoin);

    const first = await run(clusterJoinKind, joinBody(M1), 2);
    expect(first.details.filter(d => /^(eastwest-(control-plane|member)|cross-network-)/.test(d))).toEqual([
      `eastwest-control-plane: installed Helm release istio-eastwestgateway (gateway ${tools.version}) in ${CP}`,
      `eastwest-control-plane: kept Helm release istio-eastwestgateway (gateway ${tools.version}) in ${CP}`,
      `eastwest-member: installed Helm release istio-eastwestgateway (gateway ${tools.version}) in ${M1}`,
      `eastwest-member: kept Helm release istio-eastwestgateway (gateway ${tools.version}) in ${M1}`,
      `cross-network-gateway: created Gateway istio-system/cross-network-gateway in ${CP}`,
      `cross-network-gateway: kept Gateway istio-system/cross-network-gateway in ${CP}`,
    ]);
    expect(first.details).toContainEqual(
      expect.stringMatching(new RegExp(`^verify-network: istiod in ${CP} sends the \\d+ endpoints of ${M1} \\(network net-${M1}\\) through its east-west gateway at 127\\.`)),
    );
    await run(clusterJoinKind, joinBody(M2));
    const again = await run(clusterJoinKind, joinBody(M2)); // a whole second join converges
    expect(again.details.filter(d => /^(helm-|member-|reader-|remote-)/.test(d))).toEqual([
      `member-namespace: kept Namespace istio-system in ${M2}`,
      `member-cacerts: kept Secret istio-system/cacerts in ${M2}`,
      `helm-base: kept Helm release istio-base (base ${tools.version}) in ${M2}`,
      expect.stringMatching(new RegExp(`^helm-istiod-remote: kept Helm release istiod-remote \\(istiod ${tools.version.replace(/\./g, '\\.')}\\) in ${M2}`)),
      `reader-token: kept Secret istio-system/istio-reader-service-account-istio-remote-secret-token in ${M2}`,
      `remote-secret: kept Secret istio-system/istio-remote-secret-${M2} in ${CP}`,
    ]);
    // M2 is on the control plane's network: every multi-network step says so and does nothing.
    const sameNetwork = `${M2} is on the control plane's network (net-${CP}): no east-west gateway needed`;
    expect(again.details.filter(d => /^(eastwest-|cross-network-|verify-network)/.test(d))).toEqual(
      ['eastwest-control-plane', 'eastwest-member', 'cross-network-gateway', 'eastwest-ready', 'verify-network'].map(id => `${id}: ${sameNetwork}`),
    );
    await expectCrossNetworkRouting();

    const listed = await registryzClusters(client[CP], 'default');
    expect(listed.get(M1)).toBeGreaterThan(1);
    expect(listed.get(M2)).toBeGreaterThan(1);

    const root = await rootCertificate();
    for (const cluster of [CP, M1, M2]) {
      const intermediate = await intermediateOf(cluster);
      expect(await chainProblem(intermediate, root)).toBeUndefined();
      expect(new X509Certificate(intermediate).verify(new X509Certificate(root).publicKey)).toBe(true);
    }
    // istiod signs with the plug-in CA: the root it writes into the members' namespaces is the mesh's root.
    const written = await client[M1].get<V1ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', namespace: SHOP, name: 'istio-ca-root-cert' });
    expect(written?.data?.['root-cert.pem']?.trim()).toBe(root.trim());

    // A new pod in an injected namespace of a member gets its sidecar from the control plane's istiod.
    const name = `injected-${Date.now()}`;
    await client[M1].apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: SHOP, labels: { app: 'catalog' } },
      spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
    });
    const pod = await client[M1].get<V1Pod>({ apiVersion: 'v1', kind: 'Pod', namespace: SHOP, name });
    const containers = [...(pod?.spec?.containers ?? []), ...(pod?.spec?.initContainers ?? [])].map(c => c.name);
    expect(containers).toContain('istio-proxy');
    await client[M1].delete({ apiVersion: 'v1', kind: 'Pod', namespace: SHOP, name });
  });

  it('refuses a second mesh on a member and deleting a mesh with members, naming them', async () => {
    const other = await services.store.createMesh({
      id: 'other-mesh', title: 'Other', type: 'hosted', controlPlaneCluster: UNREACHABLE_CLUSTER, controlPlaneNetwork: 'n',
      members: [], revision: 'default', trustDomain: 'other.test', owner: 'group:default/platform',
    });
    try {
      const join = { kind: 'cluster.join', meshId: 'other-mesh', cluster: M1, network: 'n' };
      await expect(planKind(clusterJoinKind, join, services)).rejects.toThrow(
        new ConflictError(`cluster: cluster '${M1}' already belongs to mesh '${MESH}' as a member`),
      );
      await expect(planKind(meshDeleteKind(), deleteBody, services)).rejects.toThrow(
        new ConflictError(`meshId: mesh '${MESH}' still has members (${M1}, ${M2}); remove them with cluster.leave first`),
      );
    } finally {
      await services.store.deleteMesh(other.id, other.version);
    }
  });

  it('a member leaves: istiod forgets it and no Istio object of the mesh is left in it', async () => {
    const settled = await snapshots();
    const plan = await planKind(clusterLeaveKind, leaveBody(M2), services);
    // M2 has no east-west gateway, and the control plane's stays: M1 is still on another network.
    expect(plan.helmReleases.map(r => `${r.cluster} ${r.action} ${r.release}`)).toEqual([
      `${M2} uninstall istiod-remote`,
      `${M2} uninstall istio-base`,
    ]);
    expect(await snapshots()).toEqual(settled);

    await run(clusterLeaveKind, leaveBody(M2), 2);
    expect((await registryzClusters(client[CP], 'default')).get(M2)).toBeUndefined();
    expect((await registryzClusters(client[CP], 'default')).get(M1)).toBeGreaterThan(1);
    // Istio's CRDs stay (its charts keep them); everything else is as before the join.
    const after = await snapshot(client[M2]);
    expect(withoutCrds(names(after))).toEqual(withoutCrds(names(beforeJoin[M2])));
  });

  it('the last member leaves and the mesh is deleted: every cluster is as before', async () => {
    await run(clusterLeaveKind, leaveBody(M1));
    await run(meshDeleteKind(), deleteBody, 2);
    expect(await services.store.getMesh(MESH)).toBeUndefined();
    const after = await snapshots();
    for (const cluster of [CP, M1, M2]) {
      expect(withoutCrds(names(after[cluster]))).toEqual(withoutCrds(names(beforeCreate[cluster])));
    }
  });

  it('refuses an unreachable control plane by name', async () => {
    const body = createBody({ id: 'unreachable-mesh', controlPlaneCluster: UNREACHABLE_CLUSTER });
    await expect(planKind(createKind(), body, services)).rejects.toThrow(ServiceUnavailableError);
    await expect(planKind(createKind(), body, services)).rejects.toThrow(
      new RegExp(`^control-plane cluster '${UNREACHABLE_CLUSTER}' is unreachable: ${UNREACHABLE_CLUSTER}: read /version: .*ECONNREFUSED`),
    );
  });

  it('never wrote a token, key or kubeconfig to a log, a detail or an output', () => {
    const text = JSON.stringify(runs.map(r => [r.log, r.details, r.outputs]));
    for (const c of clusters) expect(text).not.toContain(c.serviceAccountToken);
    for (const secret of runs.flatMap(r => r.secrets)) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|BEGIN CERTIFICATE|certificate-authority-data|client-key-data|\btoken: \S{16,}|eyJ[A-Za-z0-9_-]{10,}/);
  });
});

/*
 * The same lifecycle through the operations engine of a real backend (its
 * routes, database, runner and discovery): what the scaffolder actions and
 * the portal start.
 */
describe('mesh lifecycle through the operations API', () => {
  const user = mockCredentials.user.header();
  let server: Server;
  const logs: MeshOperationLogEntry[] = [];

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [meshPlugin, mockServices.rootConfig.factory({ data: lifecycleConfig(clusters, tools) })],
    }));
  });

  const { succeeded } = operationsApi(() => server, user, (_id, entries) => logs.push(...entries));

  async function dryRun(body: object): Promise<MeshOperationPlan> {
    const before = await snapshots();
    const response = await request(server).post('/api/mesh/operations?dryRun=true').set('Authorization', user).send(body);
    expect([response.status, response.body?.error?.message]).toEqual([200, undefined]);
    expect(await snapshots()).toEqual(before);
    return response.body;
  }

  it('creates, joins, leaves and deletes, each dry run first, and the clusters end as they began', async () => {
    const begin = await snapshots();

    const createPlan = await dryRun(createBody());
    expect(createPlan.steps.map(step => step.id)).toEqual([
      'register', 'istio-namespace', 'trust', 'helm-base', 'helm-istiod', 'wait-istiod', 'expose-istiod',
    ]);
    expect(createPlan.helmReleases.map(r => r.action)).toEqual(['install', 'install']);
    const created = await succeeded(createBody());
    expect(created.outputs).toMatchObject({ meshId: MESH, controlPlaneAddress, istioVersion: tools.version });
    await routeToIstiod();

    const joinPlan = await dryRun(joinBody(M1));
    expect(joinPlan.helmReleases.map(r => `${r.cluster} ${r.action} ${r.release}`)).toEqual([
      `${M1} install istio-base`,
      `${M1} install istiod-remote`,
      `${CP} install istio-eastwestgateway`,
      `${M1} install istio-eastwestgateway`,
    ]);
    await succeeded(joinBody(M1));
    await succeeded(joinBody(M2));
    const listed = await registryzClusters(client[CP], 'default');
    expect(listed.get(M1)).toBeGreaterThan(1);
    expect(listed.get(M2)).toBeGreaterThan(1);

    // The same join again is a new operation that converges: every object and release kept.
    const again = await succeeded(joinBody(M2));
    expect(again.steps.map(step => step.detail).filter(d => /Helm release|Secret|Namespace/.test(d ?? ''))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^kept /)]),
    );
    expect(again.steps.map(step => step.detail).filter(d => /^(created|updated|installed|upgraded|wrote) /.test(d ?? ''))).toEqual([]);

    const leavePlan = await dryRun(leaveBody(M2));
    expect(leavePlan.changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ cluster: CP, action: 'delete', name: `istio-remote-secret-${M2}` })]),
    );
    await succeeded(leaveBody(M2));
    await succeeded(leaveBody(M1));
    expect((await registryzClusters(client[CP], 'default')).get(M1)).toBeUndefined();
    await dryRun(deleteBody);
    await succeeded(deleteBody);

    const end = await snapshots();
    for (const cluster of [CP, M1, M2]) {
      expect(withoutCrds(names(end[cluster]))).toEqual(withoutCrds(names(begin[cluster])));
    }
  });

  it('refuses a join into an unknown mesh before anything starts, naming it', async () => {
    const response = await request(server).post('/api/mesh/operations').set('Authorization', user).send(joinBody(M1));
    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain(`'${MESH}'`);
  });

  it('logged no token, key or kubeconfig in the operations', () => {
    const text = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(0);
    for (const c of clusters) expect(text).not.toContain(c.serviceAccountToken);
    expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|BEGIN CERTIFICATE|certificate-authority-data|client-key-data|\btoken: \S{16,}|eyJ[A-Za-z0-9_-]{10,}/);
  });
});
