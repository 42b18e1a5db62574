import { expect, test } from '@playwright/test';
import { openMeshes, screenshots as shots, untilShown } from './lib/app';

// Against the real local fleet's demo mesh (`fleet up --clusters 3 --demo`): the mesh
// page's Workloads tab reads the clusters through the backend and shows the shop
// namespace's workloads in east and west with the sidecar of the mesh's revision.

test("the demo mesh's Workloads tab shows the shop workloads in east and west in sync", async ({ page }) => {
  await openMeshes(page);
  await untilShown(page, async () => {
    await expect(page.getByRole('link', { name: 'demo', exact: true })).toBeVisible({ timeout: 2_000 });
  });
  await page.getByRole('link', { name: 'demo', exact: true }).click();
  await page.getByRole('tab', { name: 'Workloads' }).click();
  await expect(page).toHaveURL(/\/mesh\/meshes\/demo\?tab=workloads$/);

  // Only the demo's shop namespace: other tests may have namespaces of their own in the mesh.
  await page.getByRole('button', { name: 'Namespaces', exact: true }).click();
  await page.getByRole('option', { name: 'shop' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByText(/workloads in shop; every pod has the sidecar its namespace asks for/)).toBeVisible();

  for (const cluster of ['east', 'west']) {
    const section = page.locator('div', { has: page.getByRole('heading', { name: new RegExp(`^${cluster}`) }) }).last();
    await expect(section.getByText('shop: istio-injection=enabled → default')).toBeVisible();
    const cart = section.getByRole('row').filter({ hasText: 'Deployment cart-v1' });
    await expect(cart).toContainText('default ×');
    await expect(cart).toContainText('in sync');
  }
  await page.screenshot({ path: `${shots}/fleet-mesh-workloads-demo.png`, fullPage: true });
});
