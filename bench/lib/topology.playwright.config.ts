import { defineConfig } from '@playwright/test';

/*
 * bench/topology's browser part: one "test" (topology.render.ts) that times the
 * mesh topology page in Debian's headless Chromium. bench/topology starts the
 * frontend dev server and the backend on ports of their own (BENCH_APP_URL)
 * and stops them, so there is no webServer here.
 */
export default defineConfig({
  testDir: __dirname,
  testMatch: 'topology.render.ts',
  timeout: 600_000,
  expect: { timeout: 120_000 },
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: process.env.BENCH_APP_URL,
    viewport: { width: 1600, height: 1000 },
    launchOptions: {
      executablePath: process.env.MESHFLEET_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  outputDir: process.env.BENCH_OUTPUT_DIR ?? 'node_modules/.cache/bench-topology-results',
});
