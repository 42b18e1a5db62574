import type { FleetCluster } from '@meshfleet/fleet';
import type { MeshOperation, MeshOperationLogEntry } from '@meshfleet/plugin-mesh-common';
import knexFactory, { Knex } from 'knex';
import { BackendProcess, BackendState } from '../__testUtils__/backendProcess/BackendProcess';
import type { ClusterClient } from './clusters/ClusterClient';
import { runHelm, withPrivateFiles } from './helm/runHelm';
import { names, snapshot } from './__testUtils__/clusterSnapshot';
import { removeEarlierRun } from './__testUtils__/earlierRuns';
import { fleetClusters, fleetLifecycleServices, IstioTools, lifecycleConfig, readIstioTools } from './__testUtils__/fleetLifecycle';
import { removeRoute, routePodAddress, routeToIstiod } from './__testUtils__/istiodRoute';
import { registryzClusters } from './kinds/istiod';
import { ISTIO_NAMESPACE, remoteRelease } from './kinds/names';
import type { LifecycleServices } from './services';

jest.setTimeout(20 * 60_000);

/*
 * A backend killed in the middle of a join, and started again on the same
 * database: the operation resumes where it was and completes, and leaves the
 * clusters exactly as an uninterrupted join does. The backend is a real
 * process (the mesh plugin with backend-defaults, the permission backend and
 * a SQLite database in files), SIGKILLed with every Helm it runs while Helm
 * installs the member's istiod-remote release; the operations' lease is
 * short so the second process takes the operation over at once.
 *
 * Clusters of its own: member-09 is the control plane, member-10 the member.
 * It starts by removing what an interrupted earlier run left (with the kinds)
 * and ends with leave and delete, through the API.
 */

const CP = 'member-09';
const MEMBER = 'member-10';
const MESH = 'resume-test';
const ROUTE_NAMESPACE = 'resume-route';
/** The step the backend is killed in: Helm is installing when it dies. */
const KILLED_STEP = 'helm-istiod-remote';
const KILLED_RELEASE = remoteRelease('default');

let clusters: FleetCluster[];
let tools: IstioTools;
let knex: Knex;
let services: LifecycleServices;
const client: Record<string, ClusterClient> = {};
let controlPlaneAddress: string;

let state: BackendState;
let backend: BackendProcess | undefined;
const logs: MeshOperationLogEntry[] = [];

const meshBody = () => ({
  id: MESH,
  title: 'Resume test mesh',
  type: 'hosted' as const,
  controlPlaneCluster: CP,
  controlPlaneNetwork: `net-${CP}`,
  revision: 'default',
  trustDomain: 'resume.test',
  owner: 'group:default/platform',
});
// On the control plane's network: what is resumed is Helm and the steps, not a multi-network join.
const MEMBER_NETWORK = `net-${CP}`;
const joinBody = { kind: 'cluster.join', meshId: MESH, cluster: MEMBER, network: MEMBER_NETWORK };
const leaveBody = { kind: 'cluster.leave', meshId: MESH, cluster: MEMBER };
const deleteBody = { kind: 'mesh.delete', meshId: MESH };

async function call<T>(method: string, path: string, body?: object): Promise<{ status: number; body: T }> {
  const response = await fetch(`${backend!.baseUrl}/api/mesh${path}`, {
    method,
    headers: { authorization: state.authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function start(body: object): Promise<MeshOperation> {
  const response = await call<MeshOperation & { error?: { message?: string } }>('POST', '/operations', body);
  expect([response.status, response.body.error?.message]).toEqual([201, undefined]);
  return response.body;
}

async function operation(id: string): Promise<MeshOperation> {
  const response = await call<MeshOperation>('GET', `/operations/${id}`);
  expect(response.status).toBe(200);
  return response.body;
}

/** Follows the operation's log until it has ended (as the scaffolder actions do) and returns it. */
async function finished(id: string): Promise<MeshOperation> {
  let after = 0;
  for (;;) {
    const response = await call<{ entries: MeshOperationLogEntry[]; nextSeq: number; done: boolean }>(
      'GET',
      `/operations/${id}/log?after=${after}&waitSeconds=20`,
    );
    expect(response.status).toBe(200);
    logs.push(...response.body.entries);
    after = response.body.nextSeq;
    if (response.body.done) return operation(id);
  }
}

async function succeeded(body: object): Promise<MeshOperation> {
  const ended = await finished((await start(body)).id);
  expect([ended.status, ended.error]).toEqual(['succeeded', undefined]);
  return ended;
}

/** Helm's record of a release in a cluster: the status of each of its revisions (Helm's storage Secrets). */
async function helmRevisions(cluster: string, release: string): Promise<string[]> {
  const secrets = await client[cluster].list('v1', 'Secret', { namespace: ISTIO_NAMESPACE, labelSelector: `owner=helm,name=${release}` });
  return secrets.map(s => s.metadata?.labels?.status ?? '?');
}

/** `helm list -A` of a cluster: what releases exist, without their revision numbers and times. */
async function helmList(cluster: string): Promise<string[]> {
  const kubeconfig = await services.clusters.kubeconfigFor(cluster);
  const out = await withPrivateFiles({ kubeconfig }, paths =>
    runHelm(tools.helm, ['list', '--all-namespaces', '--all', '--output', 'json', '--kubeconfig', paths.kubeconfig], { timeoutMs: 60_000 }),
  );
  expect(out.exitCode).toBe(0);
  const releases = JSON.parse(out.stdout) as Array<{ name: string; namespace: string; chart: string; status: string }>;
  return releases.map(r => `${r.namespace}/${r.name} ${r.chart} ${r.status}`).sort();
}

/** What a join leaves in both clusters: object names (as snapshots list them) and Helm releases. */
async function joinedState() {
  const result: Record<string, { objects: string[]; releases: string[] }> = {};
  for (const cluster of [CP, MEMBER]) {
    result[cluster] = { objects: names(await snapshot(client[cluster])), releases: await helmList(cluster) };
  }
  return result;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const withoutCrds = (list: string[]) => list.filter(n => !n.startsWith('CustomResourceDefinition '));

/**
 * Polls until Helm is half-way through installing the killed step's release:
 * the step runs and Helm has recorded the release as pending-install. Fails
 * if the step ends first, so every run kills at the same point.
 */
async function untilHelmInstalling(id: string): Promise<MeshOperation> {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    // Helm's release Secret first, alone: pending-install lasts only while Helm applies the
    // chart, and on a loaded machine one more call per round was enough to miss it.
    const installing = (await helmRevisions(MEMBER, KILLED_RELEASE)).includes('pending-install');
    const current = await operation(id);
    const step = current.steps.find(s => s.id === KILLED_STEP)!;
    if (current.status !== 'running' && current.status !== 'pending') {
      throw new Error(`the join ended (${current.status}) before the backend was killed`);
    }
    if (step.status === 'succeeded' || step.status === 'failed') {
      throw new Error(`step ${KILLED_STEP} ended (${step.status}) before Helm was seen installing ${KILLED_RELEASE}`);
    }
    if (step.status === 'running' && installing) return current;
    if (Date.now() > deadline) throw new Error(`step ${KILLED_STEP} did not start within 5 minutes`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  [clusters, tools] = await Promise.all([fleetClusters([CP, MEMBER]), readIstioTools()]);
  knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  services = await fleetLifecycleServices(clusters, tools, knex);
  for (const c of [CP, MEMBER]) client[c] = await services.clusters.forCluster(c);
  await removeEarlierRun(services, { ...meshBody(), members: [{ cluster: MEMBER, network: MEMBER_NETWORK }], istioVersion: tools.version });
  controlPlaneAddress = await routePodAddress(client[MEMBER], ROUTE_NAMESPACE);
  state = BackendState.create({
    ...lifecycleConfig(clusters, tools),
    // Short: a second process takes a killed process's operation over once this has passed.
    meshfleet: { ...lifecycleConfig(clusters, tools).meshfleet, operations: { leaseDuration: { seconds: 4 } } },
  });
});

afterAll(async () => {
  await backend?.stop();
  // A run that failed half-way leaves nothing for the next one to trip over.
  await removeEarlierRun(services, { ...meshBody(), members: [{ cluster: MEMBER, network: MEMBER_NETWORK }], istioVersion: tools.version }).catch(
    () => undefined,
  );
  if (client[MEMBER]) await removeRoute(client[MEMBER], ROUTE_NAMESPACE);
  await knex?.destroy();
  state?.remove();
});

describe('a backend killed during a join', () => {
  let begin: Record<string, string[]>;
  let freshJoin: Awaited<ReturnType<typeof joinedState>>;

  it('creates the mesh, and joins and removes the member once without interruption (the reference)', async () => {
    begin = Object.fromEntries(await Promise.all([CP, MEMBER].map(async c => [c, names(await snapshot(client[c]))] as const)));
    backend = await state.start('first');
    await succeeded({ kind: 'mesh.create', controlPlaneAddress, mesh: meshBody() });
    await routeToIstiod(client[CP], client[MEMBER], ROUTE_NAMESPACE);

    await succeeded(joinBody);
    freshJoin = await joinedState();
    expect(freshJoin[MEMBER].releases).toEqual([
      `${ISTIO_NAMESPACE}/istio-base base-${tools.version} deployed`,
      `${ISTIO_NAMESPACE}/${KILLED_RELEASE} istiod-${tools.version} deployed`,
    ]);
    await succeeded(leaveBody);
  });

  it('resumes the join in a new process at the step it was killed in, and completes it as a fresh join would', async () => {
    const join = await start(joinBody);
    const atKill = await untilHelmInstalling(join.id);
    const first = backend!;
    await first.kill();
    expect(isRunning(first.pid)).toBe(false);
    // Helm died with it, half-way: its release is recorded as being installed.
    expect(await helmRevisions(MEMBER, KILLED_RELEASE)).toContain('pending-install');

    backend = await state.start('second');
    const resumed = await finished(join.id);
    expect([resumed.id, resumed.status, resumed.error]).toEqual([join.id, 'succeeded', undefined]);

    // The steps done before the kill were not run again (one attempt, finished when they had); the killed one ran twice.
    const doneBefore = atKill.steps.filter(s => s.status === 'succeeded');
    expect(doneBefore.map(s => s.id)).toEqual(['register-member', 'member-namespace', 'member-cacerts', 'helm-base']);
    expect(resumed.steps.map(s => `${s.id} ${s.status} ${s.attempts}`)).toEqual(
      resumed.steps.map(s => `${s.id} succeeded ${s.id === KILLED_STEP ? 2 : 1}`),
    );
    expect(doneBefore.map(s => resumed.steps.find(r => r.id === s.id)?.finishedAt)).toEqual(doneBefore.map(s => s.finishedAt));
    expect(logs.map(l => l.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^Resuming cluster\\.join of mesh '${MESH}' at step '${KILLED_STEP}' on replica `))]),
    );

    // istiod lists the member, and both clusters hold what a fresh join leaves: nothing twice, nothing left over.
    expect((await registryzClusters(client[CP], 'default')).get(MEMBER)).toBeGreaterThan(1);
    expect(await joinedState()).toEqual(freshJoin);
    expect(await helmRevisions(MEMBER, KILLED_RELEASE)).toEqual(['deployed']);
  });

  it('leaves and deletes through the resumed backend: the clusters end as they began', async () => {
    await succeeded(leaveBody);
    await succeeded(deleteBody);
    for (const cluster of [CP, MEMBER]) {
      expect(withoutCrds(names(await snapshot(client[cluster])))).toEqual(withoutCrds(begin[cluster]));
    }
  });

  it('logged no token, key or kubeconfig in the operations', () => {
    const text = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(0);
    for (const c of clusters) expect(text).not.toContain(c.serviceAccountToken);
    expect(text).not.toContain(state.authorization.slice('Bearer '.length));
    expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|BEGIN CERTIFICATE|certificate-authority-data|client-key-data|\btoken: \S{16,}|eyJ[A-Za-z0-9_-]{10,}/);
  });
});
