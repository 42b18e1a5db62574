import { expect, Page, test } from '@playwright/test';
// The fleet's test helpers are not a dependency of the app; the browser tests use
// them by path, as jest's outage tests use them by package.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { readFleetEnv, startCluster, stopCluster } from '../../../tools/fleet/testing';
import { openClusters, screenshots, untilShown } from './lib/app';

// A real outage: the API server of one fleet cluster is stopped while the main e2e
// backend reads it (its config is `fleet env`, which lists every cluster of the
// fleet; the test command starts member-04 and member-05 beside the demo's three).
// member-05 is the cluster outage tests stop; the demo's clusters are never touched.
const OUTAGE_CLUSTER = 'member-05';
/** Discovery backs off up to a minute between attempts on a failing cluster. */
const NOTICE_TIMEOUT_MS = 180_000;

function clusterRow(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
}

test.describe(`a stopped fleet cluster (${OUTAGE_CLUSTER})`, () => {
  test.beforeAll(async () => {
    const env = await readFleetEnv();
    const cluster = env.clusters.find(c => c.name === OUTAGE_CLUSTER);
    if (!cluster) {
      throw new Error(`the fleet has no ${OUTAGE_CLUSTER}: run \`tools/fleet/fleet up --clusters 5 --demo\` first`);
    }
    if (!cluster.up) {
      await startCluster(OUTAGE_CLUSTER);
    }
  });

  test.afterAll(async () => {
    // Whatever happened, the cluster runs again for whoever comes next.
    await startCluster(OUTAGE_CLUSTER);
  });

  test('is shown unreachable with the reason while the others stay reachable, and recovers', async ({ page }) => {
    test.setTimeout(3 * NOTICE_TIMEOUT_MS);
    await openClusters(page);
    const outage = clusterRow(page, OUTAGE_CLUSTER);
    await untilShown(page, async () => {
      await expect(outage, `the e2e backend reads ${OUTAGE_CLUSTER} (its config is \`fleet env\`)`).toHaveCount(1, {
        timeout: 2_000,
      });
      await expect(outage).toContainText('Reachable', { timeout: 2_000 });
    });

    await stopCluster(OUTAGE_CLUSTER);
    await untilShown(
      page,
      async () => {
        await expect(outage).toContainText('Unreachable', { timeout: 2_000 });
      },
      NOTICE_TIMEOUT_MS,
    );
    // Since when, and why: the last error from the cluster (a broken watch stream or a
    // refused connection, depending on which read noticed first).
    await expect(outage).toContainText(/since \d{4}-\d\d-\d\d/);
    await expect(outage).not.toContainText('No error recorded');
    await expect(outage).toContainText(/ECONNREFUSED|ECONNRESET|Premature close|socket hang up/);
    await expect(page.getByText(/^Clusters \(\d+\), \d+ unreachable$/)).toBeVisible();
    for (const other of ['mesh-cp', 'east', 'west']) {
      await expect(clusterRow(page, other)).not.toContainText('Unreachable');
    }
    await page.screenshot({ path: `${screenshots}/clusters-page-unreachable.png`, fullPage: true });

    await startCluster(OUTAGE_CLUSTER);
    await untilShown(
      page,
      async () => {
        await expect(outage).not.toContainText('Unreachable', { timeout: 2_000 });
        await expect(outage).toContainText('Reachable', { timeout: 2_000 });
      },
      NOTICE_TIMEOUT_MS,
    );
  });
});
