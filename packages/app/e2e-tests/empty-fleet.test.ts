import { expect, test } from '@playwright/test';
import { openClusters, openMeshes, screenshots } from './lib/app';
import { EmptyFleetBackend, pointAppAt } from './lib/emptyFleetBackend';

// A new installation: a backend whose Kubernetes configuration lists no cluster
// (`kubernetes.clusterLocatorMethods: []`), started for these tests beside the
// main e2e backend, which reads the local fleet.
test.describe('with no cluster configured', () => {
  let backend: EmptyFleetBackend | undefined;

  test.beforeAll(async ({ baseURL }) => {
    test.setTimeout(360_000);
    backend = await EmptyFleetBackend.start(baseURL!);
  });

  test.afterAll(async () => {
    await backend?.stop();
  });

  test.beforeEach(async ({ page }) => {
    await pointAppAt(page, backend!.baseUrl);
  });

  test('the Meshes page explains how to get a first mesh', async ({ page }) => {
    const askedEmptyBackend = page.waitForRequest(r => r.url() === `${backend!.baseUrl}/api/mesh/meshes`);
    await openMeshes(page);
    await askedEmptyBackend;
    await expect(page.getByText('No service meshes yet')).toBeVisible();
    await expect(page.getByText('kubernetes.clusterLocatorMethods').first()).toBeVisible();
    await page.screenshot({ path: `${screenshots}/meshes-page-empty.png`, fullPage: true });
  });

  test('the Clusters tab says where clusters come from', async ({ page }) => {
    await openClusters(page);
    await expect(page.getByText('The clusters Meshfleet reads, and what it found in them')).toBeVisible();
    await expect(page.getByText('No clusters', { exact: true })).toBeVisible();
    await expect(page.getByText(/register\s+catalog Resources of type/)).toBeVisible();
    await page.screenshot({ path: `${screenshots}/clusters-page-empty.png`, fullPage: true });
  });
});
