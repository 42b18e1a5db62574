import { expect, test } from '@playwright/test';
import { openMeshes, screenshots } from './lib/app';

test('an unknown mesh id says so, naming the id', async ({ page }) => {
  await openMeshes(page);
  // Navigate inside the app (a reload would show the sign-in page again).
  await page.evaluate(() => {
    window.history.pushState({}, '', '/mesh/meshes/no-such-mesh');
    window.dispatchEvent(new PopStateEvent('popstate'));
  });
  await expect(page.getByText('No mesh with id "no-such-mesh"')).toBeVisible();
});

// Kiali-style dev fixtures, beside the real demo mesh (demo-mesh.test.ts): what the
// local fleet does not produce, a degraded external mesh with an unreachable member,
// a service whose instances disagree and discovery warnings, replayed in the browser.
test.describe('with recorded backend responses', () => {
  test.beforeEach(async ({ page }) => {
    // The plugin's unit-test fixtures are not part of its package exports, so the
    // browser test reads the same file by path instead of keeping a second copy.
    // eslint-disable-next-line @backstage/no-relative-monorepo-imports
    const fleet = await import('../../../plugins/mesh/src/__fixtures__/fleet');
    await page.route('**/api/mesh/meshes', route => route.fulfill({ json: [fleet.paymentsMesh, fleet.shopMesh] }));
    await page.route('**/api/mesh/meshes/shop', route => route.fulfill({ json: fleet.shopMeshDetail }));
  });

  test('a mesh page shows drift, clusters, services with conflicts and warnings', async ({ page }) => {
    await openMeshes(page);
    await page.getByRole('link', { name: 'Shop' }).click();
    await expect(page).toHaveURL(/\/mesh\/meshes\/shop$/);
    await expect(page.getByText(/Drift is not tracked for external meshes/)).toBeVisible();
    await expect(page.getByText('port http is 8080 in shop-cp but 9090 in shop-eu')).toBeVisible();
    await expect(page.getByText('spec.host is empty; istiod ignores this rule')).toBeVisible();
    await page.screenshot({ path: `${screenshots}/mesh-page-recorded.png`, fullPage: true });
  });
});
