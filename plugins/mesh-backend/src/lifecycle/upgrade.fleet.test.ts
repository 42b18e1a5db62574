import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { V1MutatingWebhookConfiguration, V1Namespace, V1Pod } from '@kubernetes/client-node';
import type { FleetCluster } from '@meshfleet/fleet';
import type { MeshOperationLogEntry, MeshOperationPlan } from '@meshfleet/plugin-mesh-common';
import type { Knex } from 'knex';
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { meshPlugin } from '../plugin';
import type { ClusterClient } from './clusters/ClusterClient';
import { names, snapshot } from './__testUtils__/clusterSnapshot';
import { removeEarlierRun } from './__testUtils__/earlierRuns';
import { fleetClusters, fleetLifecycleServices, IstioTools, lifecycleConfig, readIstioTools, REPO_ROOT } from './__testUtils__/fleetLifecycle';
import { istiodProblem } from './kinds/istiod';
import { ISTIO_NAMESPACE, injectorWebhookName, istiodRelease, remoteRelease } from './kinds/names';
import { canaryServiceName } from './kinds/revisionInstall';
import { tagWebhookManifest, tagWebhookName } from './kinds/revisionTags';
import { hasSidecar, sidecarRevision } from './kinds/workloadRollout';
import type { LifecycleServices } from './services';
import { operationsApi } from './__testUtils__/operationsApi';

jest.setTimeout(30 * 60_000);

/*
 * `mesh.upgrade` and `mesh.rollback` on the local fleet through a real
 * backend's operations API: real API servers, the real istiod (one process
 * per istiod pod) and Helm. The test creates its own hosted mesh on
 * member-17 (control plane) and member-18 (member), clusters no other test
 * uses, so it runs beside or before the lifecycle test (member-06..08)
 * without either seeing the other's objects come and go. The fleet's API
 * servers reach webhooks only at pod IPs (their egress proxy), not at
 * load-balancer addresses, so the member reaches each revision's istiod
 * through a route pod of its own (istiodRoute.ts): the mesh is created, and
 * upgraded, with that pod's IP as controlPlaneAddress. A namespace of
 * member-18 is injected through revision tag `prod`, created as `istioctl
 * tag set` creates it. Revisions: OLD on the fleet's previous Istio minor
 * (PREVIOUS_ISTIO_VERSION of tools/istio/build.sh) and NEW on its current
 * one, so the upgrade crosses real versions; on a fleet without a previous
 * version both are the current one (a revision name is a label: the tag
 * move, restarts and removal are the same).
 */

const CP = 'member-17';
const M1 = 'member-18';
const MESH = 'upgrade-test';
const OLD = 'stable';
const NEW = 'canary';
const TAG = 'prod';
const SHOP = 'upgrade-shop';
const APPS = ['reviews', 'ratings'];
/** An egress gateway gateway.create installs in the member on OLD: the upgrade moves it, the rollback back. */
const GATEWAY = { namespace: 'upgrade-egress', name: 'upgrade-egress' };

const databases = createTestDatabases();
const user = mockCredentials.user.header();

let clusters: FleetCluster[];
let tools: IstioTools;
/** The Istio version and image tag of revision OLD. */
let oldIstio: { version: string; tag: string };
let services: LifecycleServices;
let knex: Knex;
let server: Server;
const client: Record<string, ClusterClient> = {};
const logs: MeshOperationLogEntry[] = [];
/** Each operation's log lines, by id. */
const logOf = new Map<string, string[]>();

/** Where the member reaches each revision's istiod: a route pod's IP, by revision. */
const routeAddress: Record<string, string> = {};
const routeNamespace = (revision: string) => `upgrade-route-${revision}`;

/** A pod in the member whose ports 15012 and 15017 the kubelet stand-in forwards to `target` (host:port pairs). */
async function routePod(revision: string, target: string): Promise<void> {
  await client[M1].apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: routeNamespace(revision) } });
  await client[M1].apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'istiod-route',
      namespace: routeNamespace(revision),
      annotations: { 'fleet.meshfleet.io/forward': `15012=${target}:15012,15017=${target}:15017` },
    },
    spec: { containers: [{ name: 'route', image: 'registry.k8s.io/pause:3.10' }] },
  });
}

/** The route pod of `revision`, pointing nowhere yet (port 1 is closed); returns its IP. */
async function routeAddressFor(revision: string): Promise<string> {
  await routePod(revision, '127.0.0.1:1');
  for (let i = 0; i < 120; i++) {
    const pod = await client[M1].get<V1Pod>({ apiVersion: 'v1', kind: 'Pod', namespace: routeNamespace(revision), name: 'istiod-route' });
    if (pod?.status?.podIP) return pod.status.podIP;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`the route pod of ${revision} got no IP`);
}

/** Points the revision's route pod at its istiod process (pod IP 10.a.b.c runs on 127.a.b.c) once that pod runs. */
async function routeToIstiod(revision: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const pods = await client[CP].list<V1Pod>('v1', 'Pod', { namespace: ISTIO_NAMESPACE, labelSelector: `app=istiod,istio.io/rev=${revision}` });
    const ip = pods.find(p => p.status?.podIP && !p.metadata?.deletionTimestamp)?.status?.podIP;
    if (ip) {
      await routePod(revision, `127.${ip.split('.').slice(1).join('.')}`);
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`no istiod pod of revision ${revision} in ${CP} to route to`);
}

const createBody = () => ({
  kind: 'mesh.create',
  controlPlaneAddress: routeAddress[OLD],
  mesh: {
    id: MESH,
    title: 'Upgrade test mesh',
    type: 'hosted',
    controlPlaneCluster: CP,
    controlPlaneNetwork: `net-${CP}`,
    istioVersion: oldIstio.version,
    revision: OLD,
    trustDomain: 'upgrade.test',
    owner: 'group:default/platform',
  },
});
const upgradeBody = (fields: object = {}) => ({
  kind: 'mesh.upgrade',
  meshId: MESH,
  version: tools.version,
  revision: NEW,
  controlPlaneAddress: routeAddress[NEW],
  restart: { batchSize: 1 },
  ...fields,
});
const rollbackBody = (fields: object = {}) => ({ kind: 'mesh.rollback', meshId: MESH, fromRevision: NEW, ...fields });

const webhookRef = (name: string) => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', name });

/** What an interrupted earlier run left: the canary's releases and Service, the tag, the gateway, then the mesh (with the kinds). */
async function removeEarlierRuns(): Promise<void> {
  const helm = services.helm;
  await helm.uninstall({ cluster: M1, release: remoteRelease(NEW), namespace: ISTIO_NAMESPACE });
  await helm.uninstall({ cluster: CP, release: istiodRelease(NEW), namespace: ISTIO_NAMESPACE });
  await client[CP].delete({ apiVersion: 'v1', kind: 'Service', namespace: ISTIO_NAMESPACE, name: canaryServiceName(NEW) });
  for (const c of [CP, M1]) await client[c].delete(webhookRef(tagWebhookName(TAG)));
  await client[M1].delete({ apiVersion: 'v1', kind: 'Namespace', name: SHOP });
  await helm.uninstall({ cluster: M1, release: GATEWAY.name, namespace: GATEWAY.namespace });
  await client[M1].delete({ apiVersion: 'v1', kind: 'Namespace', name: GATEWAY.namespace });
  for (const revision of [OLD, NEW]) {
    routeAddress[revision] = await routeAddressFor(revision);
    await removeEarlierRun(services, { ...createBody().mesh, type: 'hosted', revision, members: [{ cluster: M1, network: `net-${M1}` }] });
  }
}

const { start, finished, succeeded } = operationsApi(
  () => server,
  user,
  (id, entries) => {
    logs.push(...entries);
    logOf.set(id, [...(logOf.get(id) ?? []), ...entries.map(e => e.message)]);
  },
);

async function refused(body: object): Promise<{ status: number; message: string }> {
  const response = await request(server).post('/api/mesh/operations').set('Authorization', user).send(body);
  return { status: response.status, message: response.body?.error?.message };
}

/** The revision of each live pod's sidecar in the shop namespace (sorted), `none` for a pod without one. */
async function shopRevisions(): Promise<string[]> {
  const pods = await client[M1].list<V1Pod>('v1', 'Pod', { namespace: SHOP });
  return pods
    .filter(p => !p.metadata?.deletionTimestamp)
    .map(p => (hasSidecar(p) ? (sidecarRevision(p) ?? 'unknown') : 'none'))
    .sort();
}

/** The revision of each live pod's sidecar of the member's gateway (sorted). */
async function gatewayRevisions(): Promise<string[]> {
  const pods = await client[M1].list<V1Pod>('v1', 'Pod', { namespace: GATEWAY.namespace });
  return pods
    .filter(p => !p.metadata?.deletionTimestamp)
    .map(p => (hasSidecar(p) ? (sidecarRevision(p) ?? 'unknown') : 'none'))
    .sort();
}

async function gatewayNamespaceRevision(): Promise<string | undefined> {
  const namespace = await client[M1].get<V1Namespace>({ apiVersion: 'v1', kind: 'Namespace', name: GATEWAY.namespace });
  return namespace?.metadata?.labels?.['istio.io/rev'];
}

async function waitForShop(revision: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const revisions = await shopRevisions();
    if (revisions.length === 2 * APPS.length && revisions.every(r => r === revision)) return;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`shop's pods are not on ${revision}: ${await shopRevisions()}`);
}

/** The charts of the control plane's istiod releases OLD and NEW (`-` when not installed). */
async function istiodCharts(): Promise<string[]> {
  return Promise.all(
    [OLD, NEW].map(async r => (await services.helm.status({ cluster: CP, release: istiodRelease(r), namespace: ISTIO_NAMESPACE }))?.chart ?? '-'),
  );
}

async function tagTargets(): Promise<string[]> {
  return Promise.all(
    [CP, M1].map(async c => (await client[c].get<V1MutatingWebhookConfiguration>(webhookRef(tagWebhookName(TAG))))?.metadata?.labels?.['istio.io/rev'] ?? 'none'),
  );
}

/** The tag as `istioctl tag set prod --revision stable` makes it, in both clusters. */
async function setTag(): Promise<void> {
  for (const c of [CP, M1]) {
    const injector = await client[c].get<V1MutatingWebhookConfiguration>(webhookRef(injectorWebhookName(OLD)));
    await client[c].apply(tagWebhookManifest(TAG, OLD, injector!, MESH));
  }
}

/** The shop namespace, injected through the tag, with two Deployments of 2 replicas. */
async function shop(): Promise<void> {
  await client[M1].apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: SHOP, labels: { 'istio.io/rev': TAG } } });
  for (const app of APPS) {
    await client[M1].apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: app, namespace: SHOP },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app } },
        template: { metadata: { labels: { app } }, spec: { containers: [{ name: app, image: 'example/app:1' }] } },
      },
    });
  }
}

async function snapshots() {
  return Object.fromEntries(await Promise.all([CP, M1].map(async c => [c, names(await snapshot(client[c]))] as const)));
}

const withoutCrds = (list: string[]) => list.filter(n => !n.startsWith('CustomResourceDefinition '));

/** The fleet's previous Istio version, when tools/istio/build.sh builds one. */
async function previousIstio(): Promise<{ version: string; tag: string } | undefined> {
  const { stdout } = await promisify(execFile)(path.join(REPO_ROOT, 'tools', 'istio', 'build.sh'), { maxBuffer: 1 << 20 });
  const vars = Object.fromEntries(stdout.split('\n').map(line => [line.split('=')[0], line.split('=').slice(1).join('=')]));
  return vars.PREVIOUS_ISTIO_VERSION ? { version: vars.PREVIOUS_ISTIO_VERSION, tag: vars.PREVIOUS_ISTIO_GLOBAL_TAG } : undefined;
}

/** The lifecycle config with both Istio versions. */
function upgradeConfig() {
  const config = lifecycleConfig(clusters, tools);
  if (oldIstio.version !== tools.version) config.meshfleet.istio.versions.push(oldIstio);
  return config;
}

beforeAll(async () => {
  [clusters, tools] = await Promise.all([fleetClusters([CP, M1]), readIstioTools()]);
  oldIstio = (await previousIstio()) ?? { version: tools.version, tag: tools.tag };
  knex = await databases.init('SQLITE_3');
  services = await fleetLifecycleServices(clusters, tools, knex);
  for (const c of [CP, M1]) client[c] = await services.clusters.forCluster(c);
  await removeEarlierRuns();
  ({ server } = await startTestBackend({
    features: [meshPlugin, mockServices.rootConfig.factory({ data: upgradeConfig() })],
  }));
});

afterAll(async () => {
  if (client[M1]) {
    for (const revision of [OLD, NEW]) await client[M1].delete({ apiVersion: 'v1', kind: 'Namespace', name: routeNamespace(revision) });
  }
  await knex?.destroy();
});

describe('canary upgrade by revision on the local fleet', () => {
  let begin: Record<string, string[]>;

  it('creates a hosted mesh on revision stable whose member injects through tag prod', async () => {
    begin = await snapshots();
    await succeeded(createBody());
    await routeToIstiod(OLD);
    await succeeded({ kind: 'cluster.join', meshId: MESH, cluster: M1, network: `net-${M1}` });
    await setTag();
    await shop();
    await waitForShop(OLD);
    expect(await tagTargets()).toEqual([OLD, OLD]);
    await succeeded({ kind: 'gateway.create', meshId: MESH, cluster: M1, ...GATEWAY, type: 'egress', revision: OLD });
    expect(await gatewayRevisions()).toEqual([OLD]);
  });

  it('refuses bad requests, naming what is wrong, with nothing changed', async () => {
    const before = await snapshots();
    expect(await refused(upgradeBody({ revision: OLD }))).toEqual({
      status: 409,
      message: `revision: '${OLD}' is mesh '${MESH}''s current revision; expected a new revision name`,
    });
    expect(await refused(upgradeBody({ tags: ['nowhere'] }))).toEqual({
      status: 404,
      message: `tags[0]: tag 'nowhere' points nowhere: no istio-revision-tag-nowhere in any cluster of mesh '${MESH}'`,
    });
    expect(await refused(upgradeBody({ namespaces: [{ cluster: 'member-08', namespace: SHOP }] }))).toEqual({
      status: 400,
      message: `namespaces[0].cluster: cluster 'member-08' is not in mesh '${MESH}'; expected one of ${CP}, ${M1}`,
    });
    expect(await refused(upgradeBody({ version: '0.0.1' }))).toMatchObject({ status: 400, message: expect.stringMatching(/^version: Istio 0\.0\.1 is not available/) });
    expect(await refused(rollbackBody())).toMatchObject({ status: 404, message: expect.stringMatching(/^fromRevision: no istiod revision 'canary'/) });
    expect(await snapshots()).toEqual(before);
  });

  it('plans the upgrade without changing anything', async () => {
    const before = await snapshots();
    const response = await request(server).post('/api/mesh/operations?dryRun=true').set('Authorization', user).send(upgradeBody());
    expect([response.status, response.body?.error?.message]).toEqual([200, undefined]);
    const plan: MeshOperationPlan = response.body;
    expect(plan.helmReleases.map(r => `${r.cluster} ${r.action} ${r.release}`)).toEqual(
      expect.arrayContaining([`${CP} install ${istiodRelease(NEW)}`]),
    );
    // The tag's new webhook copies the new revision's injector, which does not exist yet.
    expect(plan.changes.filter(c => c.name === tagWebhookName(TAG)).map(c => `${c.cluster} ${c.action} ${c.reason}`)).toEqual([
      `${CP} update tag ${TAG} → revision ${NEW} (once installed)`,
      `${M1} update tag ${TAG} → revision ${NEW} (once installed)`,
    ]);
    expect(plan.steps.map(step => step.id)).toEqual([
      'helm-base', 'helm-istiod', 'wait-istiod', 'expose-revision', 'helm-istiod-remote', 'wait-injectors',
      'move-tags', 'move-namespaces', 'choose-workloads', 'rollout-restart', 'verify', 'move-eastwest', 'move-gateways',
    ]);
    // The gateway gateway.create made on the old revision moves too, its namespace relabelled.
    expect(plan.helmReleases.filter(r => r.release === GATEWAY.name).map(r => `${r.cluster} ${r.action}`)).toEqual([`${M1} upgrade`]);
    expect(plan.changes.filter(c => c.name === GATEWAY.namespace).map(c => `${c.cluster} ${c.action}`)).toEqual([`${M1} update`]);
    // The member is on another network: both east-west gateways move to the new revision and chart.
    expect(plan.helmReleases.filter(r => r.release === 'istio-eastwestgateway').map(r => `${r.cluster} ${r.action}`)).toEqual([
      `${CP} upgrade`,
      `${M1} upgrade`,
    ]);
    expect(await snapshots()).toEqual(before);
  });

  it('upgrades by tag: both istiods run, restarted workloads report the new revision, the old one is kept', async () => {
    const operation = await start(upgradeBody());
    // One operation per mesh at a time.
    expect(await refused(rollbackBody())).toMatchObject({ status: 409 });
    await routeToIstiod(NEW);
    const upgraded = await finished(operation);
    expect([upgraded.status, upgraded.error]).toEqual(['succeeded', undefined]);
    expect(upgraded.outputs).toMatchObject({ movedTags: TAG, restarted: APPS.length, verifiedRevision: NEW });
    expect(await istiodProblem(client[CP], OLD)).toBeUndefined();
    expect(await istiodProblem(client[CP], NEW)).toBeUndefined();
    expect(await istiodCharts()).toEqual([`istiod-${oldIstio.version}`, `istiod-${tools.version}`]);
    expect(await tagTargets()).toEqual([NEW, NEW]);
    expect(await shopRevisions()).toEqual(Array(4).fill(NEW));
    expect([await gatewayRevisions(), await gatewayNamespaceRevision()]).toEqual([[NEW], NEW]);
    const batches = (logOf.get(upgraded.id) ?? []).filter(line => /^batch \d of 2: restarted /.test(line));
    expect(batches).toHaveLength(2);
  });

  it('rolls back: tags point at the old revision again and the workloads report it', async () => {
    const rolledBack = await succeeded(rollbackBody({ restart: { batchSize: 2 } }));
    expect(rolledBack.outputs).toMatchObject({ movedTags: TAG, restarted: APPS.length, verifiedRevision: OLD });
    expect(await tagTargets()).toEqual([OLD, OLD]);
    expect(await shopRevisions()).toEqual(Array(4).fill(OLD));
    expect([await gatewayRevisions(), await gatewayNamespaceRevision()]).toEqual([[OLD], OLD]);
    expect(await istiodProblem(client[CP], NEW)).toBeUndefined();
  });

  it('refuses to let the member leave while the canary still runs, naming it, with nothing changed', async () => {
    const before = await snapshots();
    expect(await refused({ kind: 'cluster.leave', meshId: MESH, cluster: M1 })).toEqual({
      status: 409,
      message:
        `meshId: mesh '${MESH}' runs istiod revision ${NEW} beside its revision ${OLD} in '${CP}' (an upgrade not finished); ` +
        `cluster.leave would leave it installed. Finish the upgrade (mesh.upgrade to ${NEW} with removeOld: true) ` +
        `or roll it back (mesh.rollback with fromRevision: ${NEW} and removeNew: true), then run cluster.leave again`,
    });
    expect(await snapshots()).toEqual(before);
  });

  it('upgrades again and, confirmed with removeOld, removes the old revision and records the new one', async () => {
    const finishedUpgrade = await succeeded(upgradeBody({ removeOld: true, restart: { batchSize: 2 } }));
    expect(finishedUpgrade.outputs).toMatchObject({ verifiedRevision: NEW, removedRevision: OLD, revision: NEW, istioVersion: tools.version });
    expect(await shopRevisions()).toEqual(Array(4).fill(NEW));
    expect([await gatewayRevisions(), await gatewayNamespaceRevision()]).toEqual([[NEW], NEW]);
    expect(await istiodProblem(client[CP], OLD)).toMatch(/^no Deployment/);
    expect(await istiodCharts()).toEqual(['-', `istiod-${tools.version}`]);
    expect(await services.helm.status({ cluster: M1, release: remoteRelease(OLD), namespace: ISTIO_NAMESPACE })).toBeUndefined();
    const istioSystem = await client[CP].get<V1Namespace>({ apiVersion: 'v1', kind: 'Namespace', name: ISTIO_NAMESPACE });
    expect(istioSystem?.metadata?.annotations?.['meshfleet.io/control-plane-address']).toBe(routeAddress[NEW]);
    // New pods still get sidecars of the new revision.
    await client[M1].mergePatch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: SHOP, name: APPS[0] }, { spec: { replicas: 3 } });
    for (let i = 0; i < 60 && (await shopRevisions()).length < 5; i++) await new Promise(resolve => setTimeout(resolve, 1000));
    expect(await shopRevisions()).toEqual(Array(5).fill(NEW));
  });

  it('leaves nothing behind: the member leaves, the mesh is deleted, the clusters are as they began', async () => {
    for (const c of [CP, M1]) await client[c].delete(webhookRef(tagWebhookName(TAG)));
    await client[M1].delete({ apiVersion: 'v1', kind: 'Namespace', name: SHOP });
    await succeeded({ kind: 'gateway.delete', meshId: MESH, cluster: M1, ...GATEWAY });
    await succeeded({ kind: 'cluster.leave', meshId: MESH, cluster: M1 });
    await succeeded({ kind: 'mesh.delete', meshId: MESH });
    for (let i = 0; i < 60 && (await client[M1].get({ apiVersion: 'v1', kind: 'Namespace', name: SHOP })); i++) {
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
    const end = await snapshots();
    for (const c of [CP, M1]) expect(withoutCrds(end[c])).toEqual(withoutCrds(begin[c]));
  });

  it('logged no token, key or kubeconfig', () => {
    const text = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(0);
    for (const c of clusters) expect(text).not.toContain(c.serviceAccountToken);
    expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|client-key-data|eyJ[A-Za-z0-9_-]{10,}/);
  });
});
