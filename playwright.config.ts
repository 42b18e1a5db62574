import { defineConfig } from '@playwright/test';
import { resolve } from 'path';

// backstage-cli resolves --config relative to each package, so pass absolute paths.
const configArgs = ['app-config.yaml', 'e2e/app-config.e2e.yaml'].map(file => `--config ${resolve(__dirname, file)}`).join(' ');

/**
 * Browser tests: Playwright drives Debian's Chromium (installed by scripts/test;
 * Playwright never downloads a browser here) against the app and backend that
 * `backstage-cli repo start` serves.
 */
export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  webServer: {
    command: `yarn backstage-cli repo start ${configArgs}`,
    url: 'http://localhost:3000',
    reuseExistingServer: !process.env.CI,
    timeout: 600_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'e2e-test-report/html' }]],
  use: {
    baseURL: 'http://localhost:3000',
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
