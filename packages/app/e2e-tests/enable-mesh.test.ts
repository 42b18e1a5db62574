import { expect, Page, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
// The fleet's test helpers are not a dependency of the app; the browser tests use
// them by path, as jest's outage tests use them by package.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { FleetCluster, readFleetEnv } from '../../../tools/fleet/testing';
import { screenshots, signIn } from './lib/app';

// "Enable the mesh for a service" from a Component page, on the real local fleet's
// demo mesh (`fleet up --demo`: istiod in mesh-cp, members east and west). The test
// makes a service of its own: a namespace `e-enable-<hex>` in east (no injection
// label) with a Deployment and a Service `cart`, and a catalog Component for it
// (served by the test on 127.0.0.1:7199, which e2e/app-config.e2e.yaml lets the
// backend read, and registered as a `url` location). The Component's Service Mesh tab says injection is off in east
// and links to the template with the form filled in; the task labels the
// namespace, restarts the Deployment and writes the DestinationRule and
// PeerAuthentication to mesh-cp. Its new pod carries the mesh's sidecar (read
// through the workloads API, as the Sidecars card reads it). afterAll deletes
// the namespace in east and in mesh-cp (where the policies went) and the location.

const MESH = 'demo';
const PREFIX = 'e-enable-';
const suffix = randomBytes(3).toString('hex');
const NAMESPACE = `${PREFIX}${suffix}`;
const SERVICE = 'cart';
const COMPONENT = `enable-mesh-${suffix}`;
/** Where the test serves its Component (the backend may read this host: e2e/app-config.e2e.yaml). */
const FIXTURES_PORT = Number(process.env.MESHFLEET_E2E_FIXTURES_PORT ?? 7199);
const LOCATION_PREFIX = `http://127.0.0.1:${FIXTURES_PORT}/enable-mesh-`;
const componentUrl = `${LOCATION_PREFIX}${suffix}.yaml`;

/** The template's operations (two per cluster) and a restart on a loaded 2-core machine. */
const TASK_TIMEOUT_MS = 8 * 60_000;

/** A request to a fleet cluster's API server as its meshfleet ServiceAccount (cluster-admin). */
async function kube(cluster: FleetCluster, method: string, apiPath: string, body?: unknown) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const request = https.request(
      `${cluster.url}${apiPath}`,
      {
        method,
        ca: Buffer.from(cluster.caData, 'base64'),
        headers: {
          Authorization: `Bearer ${cluster.serviceAccountToken}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
      },
      response => {
        let text = '';
        response.on('data', chunk => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
      },
    );
    request.on('error', reject);
    request.end(body ? JSON.stringify(body) : undefined);
  });
}

async function create(cluster: FleetCluster, apiPath: string, object: unknown) {
  const { status, body } = await kube(cluster, 'POST', apiPath, object);
  if (status !== 201) throw new Error(`POST ${apiPath} in ${cluster.name}: HTTP ${status} ${JSON.stringify(body)}`);
}

/** Deletes this test's namespaces (this run's and an interrupted run's) in the cluster. */
async function deleteTestNamespaces(cluster: FleetCluster) {
  const list = await kube(cluster, 'GET', '/api/v1/namespaces');
  const names: string[] = (list.body?.items ?? []).map((n: { metadata: { name: string } }) => n.metadata.name);
  for (const name of names.filter(n => n.startsWith(PREFIX))) {
    const { status } = await kube(cluster, 'DELETE', `/api/v1/namespaces/${name}`);
    if (![200, 202, 404].includes(status)) throw new Error(`DELETE namespace ${name} in ${cluster.name}: HTTP ${status}`);
  }
}

/** A namespace without injection label, with a Deployment and a Service `cart` selecting its pods by `app: cart`. */
async function createService(east: FleetCluster) {
  await create(east, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  await create(east, `/apis/apps/v1/namespaces/${NAMESPACE}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: SERVICE, namespace: NAMESPACE, labels: { app: SERVICE } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: SERVICE } },
      template: {
        metadata: { labels: { app: SERVICE, version: 'v1' } },
        spec: { containers: [{ name: SERVICE, image: 'registry.invalid/shop/cart:1', ports: [{ containerPort: 8080 }] }] },
      },
    },
  });
  await create(east, `/api/v1/namespaces/${NAMESPACE}/services`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: SERVICE, namespace: NAMESPACE },
    spec: { selector: { app: SERVICE }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  });
}

/** The backend's APIs as the guest (whom the local permission policy lets do everything). */
class BackendApi {
  private constructor(private readonly token: string) {}

  static async signIn(): Promise<BackendApi> {
    const response = await fetch(`${process.env.MESHFLEET_E2E_BACKEND_URL}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    if (!response.ok) throw new Error(`guest sign-in failed: HTTP ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { backstageIdentity: { token: string } };
    return new BackendApi(body.backstageIdentity.token);
  }

  async call<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
    const response = await fetch(`${process.env.MESHFLEET_E2E_BACKEND_URL}/api${apiPath}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /api${apiPath}: HTTP ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/**
 * Serves the Component (JSON is YAML) at {@link componentUrl} for the catalog, which
 * reads it again at each refresh until the location is removed. It depends on the
 * mesh's Resource, so the Service Mesh tab shows.
 */
async function serveComponent(): Promise<http.Server> {
  const component = JSON.stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: COMPONENT,
      description: `enable-mesh.test.ts: the cart service of ${NAMESPACE} in east`,
      annotations: { 'backstage.io/kubernetes-id': SERVICE, 'backstage.io/kubernetes-namespace': NAMESPACE },
    },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'group:default/platform-team', dependsOn: [`resource:default/${MESH}`] },
  });
  const server = http.createServer((request, response) => {
    const found = request.url === new URL(componentUrl).pathname;
    response.writeHead(found ? 200 : 404, { 'Content-Type': 'application/yaml' });
    response.end(found ? component : '');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(FIXTURES_PORT, '127.0.0.1', resolve);
  });
  return server;
}

/** Removes the catalog locations of this test's Components (this run's and an interrupted run's). */
async function removeLocations(api: BackendApi) {
  const locations = await api.call<Array<{ data: { id: string; type: string; target: string } }>>('GET', '/catalog/locations');
  for (const { data } of locations.filter(l => l.data.type === 'url' && l.data.target.startsWith(LOCATION_PREFIX))) {
    await api.call('DELETE', `/catalog/locations/${data.id}`);
  }
}

/** Waits for the scaffolder task on the page to end; one that failed fails the test with the page's text. */
async function untilTaskSucceeded(page: Page) {
  const done = page.getByRole('link', { name: 'Open the mesh' });
  const startOver = page.getByTestId('start-over-button');
  const state = async () => {
    if (await done.isVisible()) return 'succeeded';
    return (await startOver.isVisible()) && (await startOver.isEnabled()) ? 'failed' : 'running';
  };
  await expect.poll(state, { timeout: TASK_TIMEOUT_MS, intervals: [2_000] }).not.toBe('running');
  if ((await state()) === 'failed') {
    await page.screenshot({ path: `${screenshots}/enable-mesh-failed-task.png`, fullPage: true });
    throw new Error(`the task failed: ${await page.locator('main').innerText()}`);
  }
}

interface Workloads {
  clusters: Array<{
    cluster: string;
    error?: string;
    namespaces: Array<{ namespace: string; mode: string }>;
    workloads: Array<{ name: string; pods: number; podsWithSidecar: number; revisions: Array<{ revision: string; pods: number }> }>;
  }>;
}

test.describe('"Enable the mesh for a service" from a Component page', () => {
  test.use({ actionTimeout: 60_000 });
  let clusters: Record<string, FleetCluster> = {};
  let api: BackendApi | undefined;
  let fixtures: http.Server | undefined;

  test.beforeAll(async () => {
    const env = await readFleetEnv();
    clusters = Object.fromEntries(env.clusters.filter(c => ['mesh-cp', 'east'].includes(c.name)).map(c => [c.name, c]));
    if (!clusters.east?.up || !clusters['mesh-cp']?.up) throw new Error('the demo fleet is not up: run tools/fleet/fleet up --clusters 5 --demo');
    await deleteTestNamespaces(clusters.east);
    await deleteTestNamespaces(clusters['mesh-cp']);
  });

  test.afterAll(async () => {
    test.setTimeout(120_000);
    if (api) await removeLocations(api);
    await new Promise(resolve => (fixtures ? fixtures.close(resolve) : resolve(undefined)));
    for (const cluster of Object.values(clusters)) await deleteTestNamespaces(cluster);
  });

  test('from the Service Mesh tab to pods with sidecars, a DestinationRule with ISTIO_MUTUAL and a PeerAuthentication', async ({ page }) => {
    test.setTimeout(20 * 60_000);
    await signIn(page);
    api = await BackendApi.signIn();
    await removeLocations(api);
    await createService(clusters.east);
    fixtures = await serveComponent();
    await api.call('POST', '/catalog/locations', { type: 'url', target: componentUrl });

    // The catalog reads the file and discovery sees the new Service (injection off) in east.
    const enable = page.getByRole('button', { name: 'Enable the mesh for this service' });
    await expect(async () => {
      await page.goto(`/catalog/default/component/${COMPONENT}/service-mesh`);
      await expect(enable).toBeVisible({ timeout: 15_000 });
    }).toPass({ timeout: 8 * 60_000, intervals: [5_000, 10_000] });
    await expect(page.getByTestId('enable-mesh')).toContainText(`Sidecar injection is off for namespace ${NAMESPACE} in east`);
    await page.screenshot({ path: `${screenshots}/enable-mesh-entry-point.png`, fullPage: true });

    // The form comes filled in from the page.
    await enable.click();
    await expect(page.getByRole('textbox', { name: /^Namespace/ })).toHaveValue(NAMESPACE);
    await expect(page.getByRole('textbox', { name: /^Kubernetes Service/ })).toHaveValue(SERVICE);
    await expect(page.locator('input[value="east"]')).toBeVisible();
    // The pickers read the catalog before they hold their values: a Next clicked
    // before that is refused as a missing Component, so it is clicked again.
    await expect(async () => {
      await page.getByRole('button', { name: 'Next' }).click();
      await expect(page.getByRole('button', { name: 'Review' })).toBeVisible({ timeout: 10_000 });
    }).toPass({ timeout: 120_000, intervals: [2_000] });
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    await untilTaskSucceeded(page);
    await expect(page.getByRole('link', { name: 'Open the Component' })).toBeVisible();
    await page.screenshot({ path: `${screenshots}/enable-mesh-task.png`, fullPage: true });

    // The namespace injects by the mesh's revision and the restarted pod carries its sidecar.
    const workloads = await api.call<Workloads>('GET', `/mesh/meshes/${MESH}/workloads?namespace=${NAMESPACE}&cluster=east`);
    const east = workloads.clusters.find(c => c.cluster === 'east')!;
    expect(east.error).toBeUndefined();
    expect(east.namespaces.find(n => n.namespace === NAMESPACE)?.mode).toBe('enabled');
    const cart = east.workloads.find(w => w.name === SERVICE)!;
    expect(cart.pods).toBeGreaterThan(0);
    expect(cart.podsWithSidecar).toBe(cart.pods);

    // The policies are in the mesh's config cluster.
    const { policies } = await api.call<{ policies: Array<{ kind: string; metadata: { name: string; namespace: string }; spec: any }> }>(
      'GET',
      `/mesh/meshes/${MESH}/policies`,
    );
    const ours = policies.filter(p => p.metadata.namespace === NAMESPACE && p.metadata.name === SERVICE);
    expect(ours.find(p => p.kind === 'DestinationRule')?.spec.trafficPolicy.tls.mode).toBe('ISTIO_MUTUAL');
    expect(ours.find(p => p.kind === 'PeerAuthentication')?.spec).toEqual({
      selector: { matchLabels: { app: SERVICE } },
      mtls: { mode: 'PERMISSIVE' },
    });

    // Back on the Component page: injection is on, so the link is gone.
    await page.getByRole('link', { name: 'Open the Component' }).click();
    await expect(page).toHaveURL(new RegExp(`/catalog/default/component/${COMPONENT}`));
    await expect(async () => {
      await page.goto(`/catalog/default/component/${COMPONENT}/service-mesh`);
      await expect(page.getByText('Workloads in traffic by cluster')).toBeVisible({ timeout: 15_000 });
      await expect(enable).toHaveCount(0);
    }).toPass({ timeout: 3 * 60_000, intervals: [5_000, 10_000] });
    await page.screenshot({ path: `${screenshots}/enable-mesh-done.png`, fullPage: true });
  });
});
