import { expect, test } from '@playwright/test';
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

test('the demo mesh page lists its clusters as reachable and the shop services in east and west', async ({ page }) => {
  await openMeshes(page);
  await untilShown(page, async () => {
    await expect(page.getByRole('link', { name: 'demo', exact: true })).toBeVisible({ timeout: 2_000 });
  });
  await page.getByRole('link', { name: 'demo', exact: true }).click();
  await expect(page).toHaveURL(/\/mesh\/meshes\/demo$/);

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
