import { expect, Page, test } from '@playwright/test';
import fs from 'node:fs';
import { signIn } from '../../packages/app/e2e-tests/lib/app';

/*
 * bench/topology's render figure: how long the mesh topology page of the
 * 1,000-service mesh takes to become interactive in headless Chromium.
 * "Interactive": the graph is drawn (its namespace boxes; a mesh this large
 * starts collapsed) with the whole mesh's counts in the card's header, and a
 * click on a box shows that box's details. Two ways, BENCH_RENDERS times each:
 * - in-app (render_ms): the app shell is loaded and signed in; from the click on
 *   the mesh page's "Topology" link (a route change) to interactive;
 * - full load: from navigation start of /mesh/meshes/<mesh>/topology (the dev
 *   server's unminified bundle included) to interactive.
 * Medians go to BENCH_RESULT as JSON.
 */
const mesh = process.env.BENCH_MESH ?? 'bench-topology';
const renders = Number(process.env.BENCH_RENDERS ?? 5);

async function untilInteractive(page: Page) {
  const graph = page.getByTestId('topology-graph');
  // The whole mesh, as the API answered it just before.
  await expect(page.getByText(`${process.env.BENCH_NODES} nodes, ${process.env.BENCH_EDGES} edges`)).toBeVisible();
  const box = graph.locator('.react-flow__node', { hasText: /namespace bench-ns-/ }).first();
  await box.click();
  await expect(page.getByTestId('group-details')).toBeVisible();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]);
}

test('the mesh topology page of the 1,000-service mesh becomes interactive', async ({ page }) => {
  await signIn(page);
  const inApp: number[] = [];
  const fullLoad: number[] = [];
  for (let i = 0; i < renders; i++) {
    await page.goto(`/mesh/meshes/${mesh}`);
    const link = page.getByRole('link', { name: 'Topology' });
    await expect(link).toBeVisible();
    const start = await page.evaluate(() => performance.now());
    await link.click();
    await untilInteractive(page);
    inApp.push((await page.evaluate(() => performance.now())) - start);

    await page.goto(`/mesh/meshes/${mesh}/topology`);
    await untilInteractive(page);
    // performance.now() counts from this document's navigation start.
    fullLoad.push(await page.evaluate(() => performance.now()));
  }
  await page.screenshot({ path: `${process.env.BENCH_OUTPUT_DIR ?? '.'}/topology-1000.png` });
  const result = { render_ms: median(inApp), full_load_ms: median(fullLoad), in_app_ms: inApp.map(Math.round), full_load_all_ms: fullLoad.map(Math.round) };
  fs.writeFileSync(process.env.BENCH_RESULT!, JSON.stringify(result));
});
