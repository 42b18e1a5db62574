import { defineConfig } from '@playwright/test';
import { dirname, resolve } from 'path';

// The app reads the local fleet (tools/fleet; scripts/test starts it with the demo
// mesh): `fleet env` is its Kubernetes config. It holds service-account tokens, so it
// goes to the git-ignored .meshfleet/ with mode 600, as scripts/start does.
const fleetConfig = resolve(__dirname, '.meshfleet/e2e/app-config.fleet.yaml');
const writeFleetConfig = `mkdir -p ${dirname(fleetConfig)} && (umask 077 && ${resolve(__dirname, 'tools/fleet/fleet')} env > ${fleetConfig})`;

// Ports of their own, so that the browser tests run while scripts/start serves the
// app on 3000 and the backend on 7007. e2e/app-config.e2e.yaml reads the same
// variables (with the same defaults); scripts/lib/ports.sh names a taken port
// before the long start.
process.env.MESHFLEET_E2E_APP_PORT ??= '3100';
process.env.MESHFLEET_E2E_BACKEND_PORT ??= '7107';
const appUrl = `http://localhost:${process.env.MESHFLEET_E2E_APP_PORT}`;
// Tests reach the backend they run against (e.g. its health endpoint) through this.
process.env.MESHFLEET_E2E_BACKEND_URL = `http://127.0.0.1:${process.env.MESHFLEET_E2E_BACKEND_PORT}`;
// The backend's SQLite files (e2e/app-config.e2e.yaml), fresh for every run.
const freshDatabase = `rm -rf ${resolve(__dirname, '.meshfleet/e2e/sqlite')} && mkdir -p ${resolve(__dirname, '.meshfleet/e2e/sqlite')}`;
const checkPorts = `${resolve(__dirname, 'scripts/lib/ports.sh')} 'the browser tests (MESHFLEET_E2E_APP_PORT/MESHFLEET_E2E_BACKEND_PORT)' ${process.env.MESHFLEET_E2E_APP_PORT} ${process.env.MESHFLEET_E2E_BACKEND_PORT}`;

// backstage-cli resolves --config relative to each package, so pass absolute paths.
const configArgs = [resolve(__dirname, 'app-config.yaml'), resolve(__dirname, 'e2e/app-config.e2e.yaml'), fleetConfig]
  .map(file => `--config ${file}`)
  .join(' ');

/**
 * Browser tests: Playwright drives Debian's Chromium (installed by scripts/test;
 * Playwright never downloads a browser here) against the app and backend that
 * `backstage-cli repo start` serves, configured for the local fleet's clusters
 * (demo-mesh.test.ts needs `fleet up --clusters 3 --demo`; the other tests replay
 * recorded responses where they need a particular state).
 */
export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  webServer: {
    command: `${checkPorts} && ${freshDatabase} && ${writeFleetConfig} && yarn backstage-cli repo start ${configArgs}`,
    url: appUrl,
    reuseExistingServer: !process.env.CI,
    timeout: 600_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'e2e-test-report/html' }]],
  use: {
    baseURL: appUrl,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.MESHFLEET_CHROMIUM ?? '/usr/bin/chromium',
      // The machine has no internet: background and component-update traffic
      // only produce refused connections.
      args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  outputDir: 'node_modules/.cache/e2e-test-results',
});
