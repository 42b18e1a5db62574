import { expect, Page, test } from '@playwright/test';
import path from 'node:path';
import { screenshots, signIn } from './lib/app';
import { EmptyFleetBackend, pointAppAt } from './lib/emptyFleetBackend';
import { GrafanaStandIn } from './lib/grafanaStandIn';

// Against the real local fleet: the demo shop runs in east and west, the traffic
// simulator feeds the fleet's real Prometheus, and examples/demo-shop.yaml puts the
// shop's services in the catalog as Components. Istio's dashboard files come from
// meshfleet.grafana.dashboardsDirectory (app-config.yaml).

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Opens a tab of a demo Component. The catalog relates the Component to the demo
 * mesh once it has read the mesh model, and Prometheus needs a few scrapes of the
 * simulator: reload until `check` passes.
 */
async function openComponentTab(page: Page, component: string, tab: string, check: () => Promise<void>) {
  await signIn(page);
  await expect(async () => {
    await page.goto(`/catalog/default/component/${component}/${tab}`);
    await check();
  }).toPass({ timeout: 150_000, intervals: [3_000, 5_000, 10_000] }); // within the test's 180 s
}

// The tabs show on Components the catalog relates to a mesh. A fresh backend first
// reads the demo-shop location, then the mesh provider's entities, then relates
// them: minutes on a loaded machine, more than one test's time. Wait for it once.
test.beforeAll(async ({ browser }) => {
  test.setTimeout(600_000);
  const page = await browser.newPage();
  await signIn(page);
  await expect(async () => {
    await page.goto('/catalog/default/component/shop-catalog');
    await expect(page.getByRole('link', { name: 'Service Mesh', exact: true })).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 480_000, intervals: [5_000, 10_000] });
  await page.close();
});

test('the Service Mesh tab of shop-catalog shows its topology, an edge’s figures, charts and sidecars', async ({ page }) => {
  const graph = page.getByTestId('topology-graph');
  // Grouped by cluster (the tab's default): frontend is drawn once in east, once in west.
  const frontend = graph.locator('.react-flow__node', { hasText: 'frontend' });
  await openComponentTab(page, 'shop-catalog', 'service-mesh', async () => {
    await expect(frontend).toHaveCount(2, { timeout: 15_000 });
  });
  await expect(page.getByText('shop/catalog in mesh')).toBeVisible();
  // Health from the real traffic: catalog v2 answers 5 % errors, so the service is degraded.
  await expect(page.getByText(/Degraded|Failing|Healthy/).first()).toBeVisible();

  // Select the caller, then its edge into catalog from the side panel.
  await frontend.first().click();
  const details = page.getByTestId('topology-details');
  await details.getByRole('button', { name: /shop\/frontend → shop\/catalog/ }).click();
  const edge = page.getByTestId('edge-details');
  await expect(edge).toContainText('HTTP');
  await expect(edge).toContainText('Cross-cluster');
  await expect(edge).toContainText('Latency p99');
  await expect(edge).toContainText('mTLS share');
  await expect(edge.getByRole('table', { name: 'per-cluster parts' })).toContainText('east → west (cross-cluster)');
  await expect(edge.getByRole('table', { name: 'per-cluster parts' })).toContainText('west → east (cross-cluster)');

  await expect(page.getByText('Request rate by cluster')).toBeVisible();
  await expect(page.locator('.recharts-line').first()).toBeVisible({ timeout: 60_000 });
  const sidecars = page.getByRole('table').filter({ hasText: 'Sidecar injection' });
  await expect(sidecars).toContainText('east');
  await expect(sidecars).toContainText('west');
  await expect(sidecars).toContainText('catalog-v2');
  await page.screenshot({ path: `${screenshots}/service-mesh-tab.png`, fullPage: true });
});

test('the mesh topology page draws the demo mesh grouped by namespace and filters it', async ({ page }) => {
  await signIn(page);
  await page.goto('/mesh/meshes/demo');
  await page.getByRole('link', { name: 'Topology' }).click();
  await expect(page).toHaveURL(/\/mesh\/meshes\/demo\/topology$/);
  const graph = page.getByTestId('topology-graph');
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(graph.locator('.react-flow__node', { hasText: 'ledger' })).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 120_000 });
  await expect(graph.locator('.react-flow__node', { hasText: 'namespace payments' })).toBeVisible();
  await expect(graph.locator('.react-flow__node', { hasText: 'namespace shop' })).toBeVisible();
  await page.screenshot({ path: `${screenshots}/mesh-topology-page.png`, fullPage: true });

  // Only gRPC: checkout and payments stay with their callers and callees, the rest goes.
  // MUI's Select names its button by the label (aria-labelledby), as a screen reader reads it.
  await page.getByRole('button', { name: 'Protocol', exact: true }).click();
  await page.getByRole('option', { name: 'grpc' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByText(/Filters hide \d+ of \d+ nodes/)).toBeVisible();
  await expect(graph.locator('.react-flow__node', { hasText: 'checkout' })).toBeVisible();
  await expect(graph.locator('.react-flow__node', { hasText: 'ledger' })).toHaveCount(0);
  await page.screenshot({ path: `${screenshots}/mesh-topology-page-grpc.png`, fullPage: true });
});

test('the Grafana tab draws Istio’s Service dashboard from the real Prometheus', async ({ page }) => {
  await openComponentTab(page, 'shop-catalog', 'grafana', async () => {
    await expect(page.getByText('Istio Service Dashboard, drawn by Meshfleet')).toBeVisible({ timeout: 15_000 });
    await expect(page.locator('.recharts-line').first()).toBeVisible({ timeout: 60_000 });
  });
  await expect(page.getByText(/for service catalog\.shop\.svc\.cluster\.local/)).toBeVisible();
  await expect(page.getByText('Server Request Volume', { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: `${screenshots}/grafana-tab-rendered-panels.png`, fullPage: true });
});

// Grafana itself is not in the test bed: a stand-in answers the backend's search and
// serves the dashboard paths, so the test sees the URL the tab embeds. A backend of
// this test's own has it as the mesh's Grafana.
test.describe('with a Grafana configured', () => {
  let standIn: GrafanaStandIn | undefined;
  let backend: EmptyFleetBackend | undefined;

  test.beforeAll(async ({ baseURL }) => {
    test.setTimeout(420_000);
    const origin = new URL(baseURL!).origin;
    standIn = await GrafanaStandIn.start(
      path.join(repoRoot, 'plugins/mesh-backend/src/observability/testdata/istio-dashboards'),
      origin,
    );
    backend = await EmptyFleetBackend.start(baseURL!, {
      name: 'grafana',
      configFiles: [path.join(repoRoot, '.meshfleet/e2e/app-config.fleet.yaml')],
      config: {
        kubernetes: undefined, // the fleet's, from the file above
        meshfleet: { grafana: { url: standIn.url } },
      },
    });
  });

  test.afterAll(async () => {
    await backend?.stop();
    await standIn?.stop();
  });

  test('the Grafana tab embeds Istio’s Service dashboard in kiosk mode with the service set, and links out', async ({ page }) => {
    await pointAppAt(page, backend!.baseUrl);
    const frame = page.frameLocator('iframe[title="Istio Service Dashboard"]');
    await openComponentTab(page, 'shop-catalog', 'grafana', async () => {
      await expect(page.locator('iframe[title="Istio Service Dashboard"]')).toBeVisible({ timeout: 15_000 });
    });
    const src = await page.locator('iframe[title="Istio Service Dashboard"]').getAttribute('src');
    const embed = new URL(src!);
    expect(embed.origin).toBe(standIn!.url);
    expect(embed.pathname).toMatch(/^\/d\/3ce50c812b834468cea4e52a35e02f35\//);
    expect(embed.searchParams.get('var-service')).toBe('catalog.shop.svc.cluster.local');
    expect(embed.searchParams.get('var-dstns')).toBe('shop');
    expect(embed.searchParams.has('kiosk')).toBe(true);
    await expect(frame.locator('#embedded-url')).toContainText('var-service=catalog.shop.svc.cluster.local');
    await expect(page.getByRole('link', { name: /Open in Grafana/ }).first()).toHaveAttribute('href', /\/d\/3ce50c812b834468cea4e52a35e02f35\//);
    await page.screenshot({ path: `${screenshots}/grafana-tab-embedded.png`, fullPage: true });
  });
});
