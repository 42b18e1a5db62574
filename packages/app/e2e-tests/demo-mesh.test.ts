import { expect, Page, test } from '@playwright/test';
import { openMeshes, screenshots as shots, untilShown } from './lib/app';

// Against the real local fleet: the webServer (playwright.config.ts) runs the app with
// `tools/fleet/fleet env` as an extra config, and `fleet up --clusters 3 --demo`
// (scripts/test) installed the demo mesh: istiod in mesh-cp, east and west as its
// remote clusters, the shop and payments services injected in both.

test('the Meshes page lists the demo mesh of the local fleet', async ({ page }) => {
  await openMeshes(page);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'demo', exact: true }) });
  await untilShown(page, async () => {
    await expect(row).toHaveCount(1, { timeout: 2_000 });
    await expect(row).toContainText('members: east, west', { timeout: 2_000 });
  });
  await expect(row).toContainText('hosted');
  await expect(row).toContainText('mesh-cp (control plane)');
  await expect(row.getByText('Healthy', { exact: true })).toBeVisible();
  await page.screenshot({ path: `${shots}/fleet-meshes-page.png`, fullPage: true });
});

/** Opens the demo mesh's page from the Meshes page, once discovery has found the mesh. */
async function openDemoMesh(page: Page) {
  await openMeshes(page);
  await untilShown(page, async () => {
    await expect(page.getByRole('link', { name: 'demo', exact: true })).toBeVisible({ timeout: 2_000 });
  });
  await page.getByRole('link', { name: 'demo', exact: true }).click();
  await expect(page).toHaveURL(/\/mesh\/meshes\/demo$/);
}

test('the demo mesh page lists its clusters as reachable and the shop services in east and west', async ({ page }) => {
  await openDemoMesh(page);

  const clusters = page.getByRole('table').filter({ hasText: 'Reachability' });
  for (const [cluster, role] of [
    ['mesh-cp', /control plane/i],
    ['east', /remote|member/i],
    ['west', /remote|member/i],
  ] as const) {
    const row = clusters.getByRole('row').filter({ has: page.getByRole('cell', { name: cluster, exact: true }) });
    await expect(row).toContainText(role);
    await expect(row).toContainText(/reachable/i);
    await expect(row).not.toContainText(/unreachable/i);
  }

  // The services table pages at 20 rows (the fleet may hold other services):
  // filter it, as a user would. Its search box is the page's first (clusters has none).
  const services = page.getByRole('table').filter({ hasText: 'Hostname' });
  const filter = page.getByPlaceholder('Filter').first();
  for (const service of ['shop/frontend', 'shop/cart', 'payments/payments']) {
    await filter.fill(service);
    const row = services.getByRole('row').filter({ has: page.getByRole('cell', { name: service, exact: true }) });
    await expect(row).toContainText('east');
    await expect(row).toContainText('west');
    await expect(row).not.toContainText('no sidecar injection');
  }
  await filter.fill('shop/');
  await page.screenshot({ path: `${shots}/fleet-mesh-page-demo.png`, fullPage: true });
});

test('the demo mesh page shows its istiod revisions, its gateways and its networks', async ({ page }) => {
  await openDemoMesh(page);

  // The About card names the revisions discovery found in mesh-cp ("1.x.y (revision
  // default)"); the Control plane health table has a row for each of them.
  const about = page.locator('[class*="MuiCard-root"]').filter({ has: page.getByText('About', { exact: true }) }).last();
  const istio = about.getByText(/^[^()]+ \(revisions? [^)]+\)$/);
  await expect(istio).toBeVisible();
  const revisions = /\(revisions? ([^)]+)\)$/.exec(await istio.innerText())![1].split(', ');
  expect(revisions.length).toBeGreaterThan(0);
  const controlPlane = page.getByRole('table').filter({ hasText: 'Connected proxies' });
  // The card reads Prometheus on its own, after the mesh; Refresh reads both again.
  await untilShown(page, async () => {
    for (const revision of revisions) {
      await expect(
        controlPlane.getByRole('row').filter({ has: page.getByRole('cell', { name: revision, exact: true }) }),
      ).toHaveCount(1, { timeout: 5_000 });
    }
  });

  // The gateways of the mesh's clusters (how many depends on what else ran on the fleet).
  await expect(page.getByRole('heading', { name: /^Gateways \(\d+\)$/ })).toBeVisible();

  // Every demo cluster sits on a network of its own (tools/fleet/internal/demo/mesh.go
  // Network: net-<cluster>), the control plane's listed first, each reached through
  // its east-west gateway (tools/fleet/internal/demo/eastwest.go) at an address of the
  // fleet's load-balancer pool.
  const networks = page.getByRole('table', { name: 'Networks' });
  await expect(networks.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('net-mesh-cp');
  for (const [network, clusters, cluster] of [
    ['net-mesh-cp', 'mesh-cp (control plane)', 'mesh-cp'],
    ['net-east', 'east', 'east'],
    ['net-west', 'west', 'west'],
  ] as const) {
    const row = networks.getByRole('row').filter({ has: page.getByRole('cell', { name: network, exact: true }) });
    await expect(row.getByRole('cell').nth(1)).toHaveText(clusters);
    const gateways = row.getByRole('cell').nth(2);
    await expect(gateways).toContainText(new RegExp(`${cluster}: istio-system/istio-eastwestgateway, 1/1 ready, 127\\.2\\d\\d\\.`));
    await expect(gateways).toContainText('a ready east-west gateway has an address');
  }
  await networks.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/fleet-mesh-page-demo-networks.png`, fullPage: true });
});
