import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

/** How long the backend may take to start on a busy 2-core machine. */
const START_TIMEOUT_MS = 300_000;

/**
 * A second instance of packages/backend whose Kubernetes configuration lists no
 * cluster (`kubernetes.clusterLocatorMethods: []`): the state of a new
 * installation, which the fleet the main e2e backend reads cannot show. It runs
 * on a free port of its own with in-memory databases; the browser is pointed at
 * it with {@link pointAppAt}, the frontend dev server stays the same.
 */
export class EmptyFleetBackend {
  private constructor(
    readonly baseUrl: string,
    private readonly child: ChildProcess,
    private readonly logFile: string,
  ) {}

  /**
   * Starts it for a frontend served at `frontendUrl` (for CORS) and waits until it answers.
   * `options` makes it another backend of the tests' own: `configFiles` are added after
   * the e2e config, `config` replaces top-level keys (e.g. `kubernetes`, `meshfleet`),
   * `name` names its config and log files, and `databaseDirectory` keeps its SQLite files
   * there across runs instead of in memory (for a test that must find what an interrupted
   * run left, such as a mesh operation to resume or a mesh to remove).
   */
  static async start(
    frontendUrl: string,
    options: { name?: string; config?: Record<string, unknown>; configFiles?: string[]; databaseDirectory?: string } = {},
  ): Promise<EmptyFleetBackend> {
    const name = options.name ?? 'empty-fleet';
    const port = await freePort();
    const frontendOrigin = new URL(frontendUrl).origin;
    const stateDir = path.join(repoRoot, '.meshfleet', 'e2e');
    fs.mkdirSync(stateDir, { recursive: true });
    const configFile = path.join(stateDir, `app-config.${name}.yaml`);
    // JSON is YAML; the keys override app-config.yaml and the e2e config. Mode 600:
    // `options.config` may hold cluster tokens (as `fleet env`'s file does).
    fs.rmSync(configFile, { force: true });
    fs.writeFileSync(
      configFile,
      JSON.stringify(
        {
          app: { baseUrl: frontendOrigin },
          backend: {
            baseUrl: `http://localhost:${port}`,
            listen: { port, host: '127.0.0.1' },
            cors: { origin: frontendOrigin },
            database: {
              client: 'better-sqlite3',
              connection: options.databaseDirectory ? { directory: options.databaseDirectory } : ':memory:',
            },
          },
          kubernetes: { serviceLocatorMethod: { type: 'multiTenant' }, clusterLocatorMethods: [] },
          ...options.config,
        },
        null,
        2,
      ),
      { mode: 0o600 },
    );
    const configs = [
      path.join(repoRoot, 'app-config.yaml'),
      path.join(repoRoot, 'e2e', 'app-config.e2e.yaml'),
      ...(options.configFiles ?? []),
      configFile,
    ]
      .filter(file => fs.existsSync(file))
      // backstage-cli resolves --config relative to the package, so pass absolute paths.
      .flatMap(file => ['--config', file]);

    const logFile = path.join(repoRoot, 'e2e-test-report', `${name}-backend.log`);
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const log = fs.openSync(logFile, 'w');
    // The backend as `backstage-cli package start` runs it (Node with the CLI's
    // TypeScript transform), but without its file watcher: the working tree may
    // change while the tests run, and a restart would lose the state under test.
    // Its own process group, so that stop() ends everything it started.
    const backendDir = path.join(repoRoot, 'packages', 'backend');
    const child = spawn(process.execPath, ['--enable-source-maps', '--require', nodeTransform(), 'src/index', ...configs], {
      cwd: backendDir,
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, NODE_ENV: 'development', ESBK_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json') },
    });
    fs.closeSync(log);
    const backend = new EmptyFleetBackend(`http://localhost:${port}`, child, logFile);
    try {
      await backend.waitUntilReady(port);
    } catch (e) {
      await backend.stop();
      throw e;
    }
    return backend;
  }

  /** Ends the backend's whole process group. */
  async stop(): Promise<void> {
    const exited = new Promise<void>(resolve => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    signalGroup(this.child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(this.child, 'SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  private async waitUntilReady(port: number): Promise<void> {
    const health = `http://127.0.0.1:${port}/api/mesh/health`;
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`the empty-fleet backend exited (${this.child.exitCode ?? this.child.signalCode}) before it answered:\n${this.logTail()}`);
      }
      const status = await fetch(health).then(
        r => r.status,
        () => undefined,
      );
      if (status === 200) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`the empty-fleet backend did not answer ${health} within ${START_TIMEOUT_MS / 1000} s:\n${this.logTail()}`);
      }
      await new Promise(r => setTimeout(r, 2_000));
    }
  }

  private logTail(): string {
    return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-40).join('\n');
  }
}

/**
 * Makes the app in `page` use `backendUrl` as its backend: Backstage's frontend
 * reads `window.__APP_CONFIG__` as its last config layer, so this overrides
 * `backend.baseUrl` before the app starts (discovery and the fetch API's token
 * injection follow it). Sign-in then happens against that backend too.
 */
export async function pointAppAt(page: import('@playwright/test').Page, backendUrl: string) {
  await page.addInitScript(url => {
    (window as unknown as { __APP_CONFIG__: unknown }).__APP_CONFIG__ = { backend: { baseUrl: url } };
  }, backendUrl);
}

/** The Backstage CLI's require hook that runs the backend's TypeScript sources in Node. */
function nodeTransform(): string {
  const cliDir = path.dirname(require.resolve('@backstage/cli/package.json'));
  return require.resolve('@backstage/cli-node/config/nodeTransform.cjs', { paths: [cliDir] });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** A port free now: bound once on loopback, then released. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}
