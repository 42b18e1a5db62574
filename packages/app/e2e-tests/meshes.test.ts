import { expect, test } from '@playwright/test';

const backendHealth = 'http://127.0.0.1:7007/api/mesh/health';

test.beforeAll(async ({ request }) => {
  // The frontend dev server answers before the backend has finished starting.
  await expect
    .poll(async () => (await request.get(backendHealth).catch(() => undefined))?.status(), { timeout: 300_000 })
    .toBe(200);
});

test('the Meshes page explains how to get a first mesh', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'Meshes' }).click();
  await expect(page).toHaveURL(/\/mesh$/);

  await expect(page.getByText('No service meshes yet')).toBeVisible();
  await expect(page.getByText('kubernetes.clusterLocatorMethods').first()).toBeVisible();
  await page.screenshot({ path: 'e2e-test-report/screenshots/meshes-page-empty.png', fullPage: true });
});
