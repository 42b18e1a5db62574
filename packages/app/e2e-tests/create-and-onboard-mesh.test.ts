import { expect, Page, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
// The fleet's test helpers are not a dependency of the app; the browser tests use
// them by path, as jest's outage tests use them by package.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { ensureFleet, FleetCluster } from '../../../tools/fleet/testing';
import { screenshots, signIn, untilShown } from './lib/app';
import { EmptyFleetBackend, pointAppAt } from './lib/emptyFleetBackend';
import { createIstiodRoute, removeIstiodRoute, routeToIstiod } from './lib/istiodRoute';
import { MeshApi } from './lib/meshApi';

// A user's first mesh from the portal, on real clusters with the real Helm and istiod:
// "Create a service mesh" from the Create page to a Healthy mesh on the Meshes page,
// then "Add a cluster" from the mesh page ("Onboard a cluster into a mesh", the mesh
// filled in) to the member on the mesh page. The fleet clusters are this test's own
// (member-14 the control plane, member-15 the member); a backend of its own knows only
// them and has the fleet's Helm and Istio charts, as the mesh backend's fleet tests do.
// Its SQLite files outlive a run, so a rerun finds what an interrupted run left (an
// operation resumes) and removes it through the mesh API before it starts.

const CONTROL_PLANE = 'member-14';
const MEMBER = 'member-15';
/** A fresh id per run, so that what the pages show is this run's mesh, never a leftover. */
const meshId = `e2e-${randomBytes(3).toString('hex')}`;
/** The namespace of the pod through which the member reaches istiod (lib/istiodRoute.ts). */
const ROUTE_NAMESPACE = 'e2e-create-mesh-route';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** istiod installs and joins take minutes on the loaded 2-core machine. */
const OPERATION_TIMEOUT_MS = 8 * 60_000;

/** The fleet's Helm binary, Istio charts and images, as tools/istio/build.sh prints them (a no-op when built). */
async function istioTools() {
  const { stdout } = await promisify(execFile)(path.join(repoRoot, 'tools', 'istio', 'build.sh'), { maxBuffer: 1 << 20 });
  const vars = Object.fromEntries(stdout.split('\n').map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  return {
    helm: { binary: vars.HELM },
    istio: {
      charts: { directory: path.dirname(vars.ISTIO_CHARTS) },
      hub: vars.ISTIO_GLOBAL_HUB,
      versions: [{ version: vars.ISTIO_VERSION, tag: vars.ISTIO_GLOBAL_TAG }],
    },
  };
}

/**
 * Leftovers on this test's clusters: any managed mesh with one of them as control plane
 * or member (the test's backend reads only these two clusters, so every mesh it manages
 * is this test's).
 */
function isOnOurClusters(mesh: { controlPlaneCluster: string; clusters: Array<{ cluster: string }> }) {
  return [CONTROL_PLANE, MEMBER].includes(mesh.controlPlaneCluster) || mesh.clusters.some(c => c.cluster === MEMBER);
}

test.describe('creating a mesh and onboarding a cluster from the portal', () => {
  // A click or fill that finds nothing fails within a minute instead of at the test's timeout.
  test.use({ actionTimeout: 60_000 });
  let backend: EmptyFleetBackend | undefined;
  let api: MeshApi | undefined;
  let clusters: Record<string, FleetCluster>;

  test.beforeAll(async ({ baseURL }) => {
    test.setTimeout(15 * 60_000);
    const env = await ensureFleet({ names: [CONTROL_PLANE, MEMBER] });
    clusters = Object.fromEntries(env.clusters.filter(c => [CONTROL_PLANE, MEMBER].includes(c.name)).map(c => [c.name, c]));
    backend = await EmptyFleetBackend.start(baseURL!, {
      name: 'create-mesh',
      databaseDirectory: path.join(repoRoot, '.meshfleet', 'e2e', 'create-mesh-sqlite'),
      config: {
        kubernetes: {
          serviceLocatorMethod: { type: 'multiTenant' },
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: Object.values(clusters).map(c => ({
                name: c.name,
                url: c.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: c.serviceAccountToken,
                caData: c.caData,
              })),
            },
          ],
        },
        meshfleet: { ...(await istioTools()), lifecycle: { waitTimeout: { minutes: 5 } } },
      },
    });
    api = await MeshApi.signIn(backend.baseUrl);
    await removeLeftovers(api);
  });

  test.afterAll(async () => {
    test.setTimeout(15 * 60_000);
    try {
      if (api) await removeLeftovers(api);
    } finally {
      await backend?.stop();
    }
  });

  /** Removes this test's meshes and its route to istiod: what an earlier or this run left. */
  async function removeLeftovers(meshApi: MeshApi) {
    const removed = await meshApi.removeMeshes(isOnOurClusters);
    if (removed.length > 0) test.info().annotations.push({ type: 'removed', description: removed.join(', ') });
    await removeIstiodRoute(clusters[MEMBER].adminKubeconfig, ROUTE_NAMESPACE);
  }

  test(`"Create a service mesh" on ${CONTROL_PLANE}, then "Add a cluster" for ${MEMBER}`, async ({ page }) => {
    test.setTimeout(25 * 60_000);
    const address = await createIstiodRoute(clusters[MEMBER].adminKubeconfig, ROUTE_NAMESPACE);
    await pointAppAt(page, backend!.baseUrl);
    await signIn(page);

    // The Create page, as a user finds it.
    await page.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link', { name: /create/i }).click();
    await chooseTemplate(page, 'Create a service mesh');
    await page.getByRole('textbox', { name: 'Mesh id' }).fill(meshId);
    await pickFreeCluster(page, 'Control-plane cluster', CONTROL_PLANE);
    await pickOwner(page, 'platform-team');
    await page.screenshot({ path: `${screenshots}/create-mesh-form.png`, fullPage: true });
    await page.getByRole('button', { name: 'Next' }).click();
    // The fleet gives LoadBalancer Services no address: members reach istiod through the route pod.
    await page.getByRole('textbox', { name: /istiod address for members/ }).fill(address);
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    await untilTaskSucceeded(page);
    await page.screenshot({ path: `${screenshots}/create-mesh-task.png`, fullPage: true });

    // The Meshes page lists it, Healthy once discovery has read istiod.
    await page.getByRole('link', { name: 'Open the mesh' }).click();
    await expect(page).toHaveURL(new RegExp(`/mesh/meshes/${meshId}$`));
    await page.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link', { name: 'Meshes' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: meshId, exact: true }) });
    await untilShown(page, async () => {
      await expect(row.getByText('Healthy', { exact: true })).toBeVisible({ timeout: 2_000 });
    });
    await expect(row).toContainText('hosted');
    await expect(row).toContainText(`${CONTROL_PLANE} (control plane)`);
    await page.screenshot({ path: `${screenshots}/create-mesh-meshes-page.png`, fullPage: true });

    // Members reach the new istiod through the route pod from now on.
    await routeToIstiod(clusters[CONTROL_PLANE].adminKubeconfig, clusters[MEMBER].adminKubeconfig, ROUTE_NAMESPACE);

    // "Add a cluster" on the mesh page opens "Onboard a cluster into a mesh" with the mesh filled in.
    await row.getByRole('link', { name: meshId, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/mesh/meshes/${meshId}$`));
    await page.getByRole('button', { name: 'Add a cluster' }).click();
    await expect(page.getByText('Onboard a cluster into a mesh').first()).toBeVisible();
    await pickFreeCluster(page, 'Cluster', MEMBER);
    await page.screenshot({ path: `${screenshots}/onboard-cluster-form.png`, fullPage: true });
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByText(`resource:default/${meshId}`).or(page.getByText(meshId)).first()).toBeVisible();
    await page.getByRole('button', { name: 'Create' }).click();
    await untilTaskSucceeded(page);
    await page.screenshot({ path: `${screenshots}/onboard-cluster-task.png`, fullPage: true });

    // The mesh page lists the member, reachable.
    await page.getByRole('link', { name: 'Open the mesh' }).click();
    await expect(page).toHaveURL(new RegExp(`/mesh/meshes/${meshId}$`));
    const clustersTable = page.getByRole('table').filter({ hasText: 'Reachability' });
    const member = clustersTable.getByRole('row').filter({ has: page.getByRole('cell', { name: MEMBER, exact: true }) });
    await untilShown(page, async () => {
      await expect(member).toContainText(/member/i, { timeout: 2_000 });
    });
    await expect(member).toContainText(/reachable/i);
    await expect(member).not.toContainText(/unreachable/i);
    await page.screenshot({ path: `${screenshots}/onboard-cluster-mesh-page.png`, fullPage: true });
  });
});

/** On the Create page: the template's card, then its Choose button. */
async function chooseTemplate(page: Page, title: string) {
  // Cards nest in the page's containers: the last element holding the title is its card.
  const card = page.locator('[class*="MuiCard-root"]').filter({ has: page.getByText(title, { exact: true }) }).last();
  await card.getByRole('button', { name: 'Choose' }).click();
  await expect(page.getByText(title).first()).toBeVisible();
}

/** Meshfleet's cluster picker (a select of the free clusters): opens it and picks `cluster`. */
async function pickFreeCluster(page: Page, label: string, cluster: string) {
  const picker = page.getByRole('button', { name: new RegExp(`^${label}`) });
  await expect(picker).toBeEnabled();
  await picker.click();
  await page.getByRole('option', { name: new RegExp(`^${cluster}\\b`) }).click();
}

/** The scaffolder's OwnerPicker (an autocomplete over the catalog's groups and users). */
async function pickOwner(page: Page, group: string) {
  const owner = page.getByRole('textbox', { name: /^Owner/ });
  await owner.click();
  await owner.fill(group);
  await page.getByRole('option', { name: new RegExp(group) }).first().click();
}

/**
 * Waits for the scaffolder task on the page to end, failing with the page's text (the
 * task's error and log) when it failed: a task that succeeded shows its output links and
 * hides its button bar, one that failed shows its error with Start Over enabled.
 */
async function untilTaskSucceeded(page: Page) {
  const done = page.getByRole('link', { name: 'Open the mesh' });
  const startOver = page.getByTestId('start-over-button');
  const state = async () => {
    if (await done.isVisible()) return 'succeeded';
    return (await startOver.isVisible()) && (await startOver.isEnabled()) ? 'failed' : 'running';
  };
  await expect.poll(state, { timeout: OPERATION_TIMEOUT_MS, intervals: [2_000] }).not.toBe('running');
  if ((await state()) === 'failed') {
    await page.screenshot({ path: `${screenshots}/create-mesh-failed-task.png`, fullPage: true });
    throw new Error(`the task failed: ${await page.locator('main').innerText()}`);
  }
}
