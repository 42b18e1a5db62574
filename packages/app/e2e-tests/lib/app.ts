import { expect, Page } from '@playwright/test';

/**
 * Signs in as the guest and waits for the app. The frontend dev server answers
 * before the backend has finished starting, so sign-in is retried until the
 * backend takes it.
 */
export async function signIn(page: Page) {
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(async () => {
    await page.goto('/');
    // An earlier attempt may have signed in already (the session outlives a reload).
    await expect(enter.or(meshesLink(page))).toBeVisible({ timeout: 30_000 });
    if (await enter.isVisible()) {
      await enter.click();
    }
    await expect(meshesLink(page)).toBeVisible({ timeout: 30_000 });
  }).toPass({ timeout: 300_000, intervals: [2_000, 5_000] });
}

/** The plugin's entry in the sidebar (the sidebar's nav element itself has no size). */
function meshesLink(page: Page) {
  return page.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link', { name: 'Meshes' });
}

/** Signs in and opens the Meshes page from the sidebar. */
export async function openMeshes(page: Page) {
  await signIn(page);
  await meshesLink(page).click();
  // /mesh opens its first tab.
  await expect(page).toHaveURL(/\/mesh\/meshes$/);
}

/** Signs in and opens the Clusters tab. */
export async function openClusters(page: Page) {
  await openMeshes(page);
  await page.getByRole('tab', { name: 'Clusters' }).click();
  await expect(page).toHaveURL(/\/mesh\/clusters$/);
}

/**
 * Discovery reads the clusters after the backend starts, and notices a change
 * within seconds: press the page's Refresh until `check` passes.
 */
export async function untilShown(page: Page, check: () => Promise<void>, timeout = 120_000) {
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await check();
  }).toPass({ timeout, intervals: [2_000, 5_000] });
}

/** Where the browser tests put their screenshots. */
export const screenshots = 'e2e-test-report/screenshots';
