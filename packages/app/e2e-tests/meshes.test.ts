import { expect, Page, test } from '@playwright/test';

const backendHealth = 'http://127.0.0.1:7007/api/mesh/health';

test.beforeAll(async ({ request }) => {
  // The frontend dev server answers before the backend has finished starting.
  await expect
    .poll(async () => (await request.get(backendHealth).catch(() => undefined))?.status(), { timeout: 300_000 })
    .toBe(200);
});

test('with no mesh, the Meshes page explains how to get a first mesh', async ({ page }) => {
  // The app reads the local fleet, which has the demo mesh: answer as a backend
  // without meshes does.
  await page.route('**/api/mesh/meshes', route => route.fulfill({ json: [] }));
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'Meshes' }).click();
  // /mesh opens its first tab.
  await expect(page).toHaveURL(/\/mesh\/meshes$/);

  await expect(page.getByText('No service meshes yet')).toBeVisible();
  await expect(page.getByText('kubernetes.clusterLocatorMethods').first()).toBeVisible();
  await page.screenshot({ path: 'e2e-test-report/screenshots/meshes-page-empty.png', fullPage: true });
});

async function openMeshes(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link', { name: 'Meshes' }).click();
  await expect(page).toHaveURL(/\/mesh\/meshes$/);
}

test('the Clusters tab lists the clusters Meshfleet reads, or says where they come from', async ({ page }) => {
  await openMeshes(page);
  await page.getByRole('tab', { name: 'Clusters' }).click();
  await expect(page).toHaveURL(/\/mesh\/clusters$/);
  await expect(page.getByText('The clusters Meshfleet reads, and what it found in them')).toBeVisible();
  // Either the table or the empty state, never an error panel.
  await expect(page.getByText(/^Clusters \(\d+\)|^No clusters$/).first()).toBeVisible();
  await expect(page.getByText(/Could not list the clusters/)).toHaveCount(0);
  await page.screenshot({ path: 'e2e-test-report/screenshots/clusters-page.png', fullPage: true });
});

test('an unknown mesh id says so, naming the id', async ({ page }) => {
  await openMeshes(page);
  // Navigate inside the app (a reload would show the sign-in page again).
  await page.evaluate(() => {
    window.history.pushState({}, '', '/mesh/meshes/no-such-mesh');
    window.dispatchEvent(new PopStateEvent('popstate'));
  });
  await expect(page.getByText('No mesh with id "no-such-mesh"')).toBeVisible();
});

test.describe('with recorded backend responses', () => {
  // Kiali-style dev fixtures: the backend's answers for a degraded external mesh with an
  // unreachable member and a conflicting service, replayed in the browser.
  test.beforeEach(async ({ page }) => {
    // The plugin's unit-test fixtures are not part of its package exports, so the
    // browser test reads the same file by path instead of keeping a second copy.
    // eslint-disable-next-line @backstage/no-relative-monorepo-imports
    const fleet = await import('../../../plugins/mesh/src/__fixtures__/fleet');
    await page.route('**/api/mesh/meshes', route => route.fulfill({ json: [fleet.paymentsMesh, fleet.shopMesh] }));
    await page.route('**/api/mesh/meshes/shop', route => route.fulfill({ json: fleet.shopMeshDetail }));
    await page.route('**/api/mesh/clusters', route =>
      route.fulfill({ json: [fleet.reachableCluster, fleet.unreachableCluster, fleet.plainCluster] }),
    );
  });

  test('a mesh page shows drift, clusters, services with conflicts and warnings', async ({ page }) => {
    await openMeshes(page);
    await page.getByRole('link', { name: 'Shop' }).click();
    await expect(page).toHaveURL(/\/mesh\/meshes\/shop$/);
    await expect(page.getByText(/Drift is not tracked for external meshes/)).toBeVisible();
    await expect(page.getByText('port http is 8080 in shop-cp but 9090 in shop-eu')).toBeVisible();
    await expect(page.getByText('spec.host is empty; istiod ignores this rule')).toBeVisible();
    await page.screenshot({ path: 'e2e-test-report/screenshots/mesh-page.png', fullPage: true });
  });

  test('the clusters page shows why a cluster is unreachable', async ({ page }) => {
    await openMeshes(page);
    await expect(page.getByRole('link', { name: 'Payments' })).toBeVisible();
    await page.screenshot({ path: 'e2e-test-report/screenshots/meshes-page.png', fullPage: true });
    await page.getByRole('tab', { name: 'Clusters' }).click();
    await expect(page.getByText('connect ECONNREFUSED 10.0.0.7:6443')).toBeVisible();
    await page.screenshot({ path: 'e2e-test-report/screenshots/clusters-page-recorded.png', fullPage: true });
  });
});
