import { expect, test } from '@playwright/test';
// The fleet's test helpers are not a dependency of the app; the browser tests use
// them by path, as jest's outage tests use them by package.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { readFleetEnv } from '../../../tools/fleet/testing';
import { screenshots, signIn } from './lib/app';
import { EmptyFleetBackend, pointAppAt } from './lib/emptyFleetBackend';

// Backstage's Kubernetes plugin configured to find clusters only through the catalog
// (`clusterLocatorMethods: [{ type: catalog }]`): a backend of this test's own, whose
// Meshfleet reads the demo's clusters from `meshfleet.clusters` and emits them as
// cluster entities with the server-side `meshfleet` auth provider. The Kubernetes tab
// of a demo Component then shows its pods in east and west through those entities;
// the tokens stay in the backend (kubernetes-backend-module-meshfleet).

const DEMO_CLUSTERS = ['mesh-cp', 'east', 'west'];

test.describe('the Kubernetes plugin finding clusters only through the catalog', () => {
  let backend: EmptyFleetBackend | undefined;
  let tokens: string[] = [];

  test.beforeAll(async ({ baseURL }) => {
    test.setTimeout(420_000);
    const env = await readFleetEnv();
    const clusters = env.clusters.filter(c => DEMO_CLUSTERS.includes(c.name));
    tokens = clusters.map(c => c.serviceAccountToken);
    backend = await EmptyFleetBackend.start(baseURL!, {
      name: 'catalog-clusters',
      config: {
        kubernetes: {
          serviceLocatorMethod: { type: 'multiTenant' },
          // The fleet's API servers listen on 127.0.0.1, which the catalog locator refuses unless allowed.
          clusterLocatorMethods: [{ type: 'catalog', dangerouslyAllowClusterUrls: ['127.0.0.1'] }],
        },
        meshfleet: {
          clusters: clusters.map(c => ({
            name: c.name,
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: c.serviceAccountToken,
            caData: c.caData,
            // The fleet runs no metrics-server.
            skipMetricsLookup: true,
          })),
        },
        catalog: { providers: { meshfleet: { clusterAuthProvider: 'meshfleet' } } },
      },
    });
  });

  test.afterAll(async () => {
    await backend?.stop();
  });

  test("shop-frontend's Kubernetes tab shows its pods in east and west", async ({ page }) => {
    test.setTimeout(420_000);
    await pointAppAt(page, backend!.baseUrl);
    const responses: string[] = [];
    page.on('response', async response => {
      if (response.url().includes('/api/kubernetes/')) responses.push(await response.text().catch(() => ''));
    });
    await signIn(page);
    // The catalog reads the demo-shop location and Meshfleet's cluster entities after
    // the backend starts: reload until both clusters are shown.
    const cluster = (name: string) => page.getByRole('button', { name: new RegExp(`^${name}\\b`) });
    await expect(async () => {
      await page.goto('/catalog/default/component/shop-frontend/kubernetes');
      await expect(cluster('east')).toBeVisible({ timeout: 15_000 });
      await expect(cluster('west')).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 360_000, intervals: [5_000, 10_000] });
    // No problem at all: no credential error, and no pod-metrics error (the cluster
    // entities tell the Kubernetes plugin the fleet has no metrics-server).
    await expect(page.getByText(/AuthenticationStrategy|KubernetesAuthProvider|serviceAccountToken/)).toHaveCount(0);
    await expect(page.getByText('There was a problem retrieving Kubernetes objects')).toHaveCount(0);

    // Each cluster's Deployment of the frontend lists its pods; the demo runs two
    // frontend pods in each cluster (tools/fleet/internal/demo). One cluster is open at
    // a time, and the Deployment's name opens a drawer, so its expand icon is clicked.
    const podName = /^frontend-v1-[a-z0-9]+-[a-z0-9]{5}$/;
    const pods = new Set<string>();
    for (const name of ['east', 'west']) {
      if ((await cluster(name).getAttribute('aria-expanded')) !== 'true') await cluster(name).click();
      // The cluster's accordion: the parent of its summary button.
      const panel = cluster(name).locator('xpath=..');
      const deployment = panel.getByRole('button', { name: /^frontend-v1 Deployment/ }).first();
      const box = (await deployment.boundingBox())!;
      await deployment.click({ position: { x: box.width - 24, y: box.height / 2 } });
      await expect(panel.getByText(podName)).toHaveCount(2);
      for (const pod of await panel.getByText(podName).allTextContents()) pods.add(`${name}/${pod}`);
      if (name === 'east') await page.screenshot({ path: `${screenshots}/kubernetes-tab-catalog-clusters-east.png`, fullPage: true });
    }
    expect(pods.size).toBe(4);
    await page.screenshot({ path: `${screenshots}/kubernetes-tab-catalog-clusters-west.png`, fullPage: true });

    // No token reached the browser.
    for (const token of tokens) expect(responses.join('\n')).not.toContain(token);
  });
});
