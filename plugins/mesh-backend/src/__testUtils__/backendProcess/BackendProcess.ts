import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** This package's directory (this file is src/__testUtils__/backendProcess). */
const PACKAGE_DIR = path.resolve(__dirname, '..', '..', '..');
const REPO_ROOT = path.resolve(PACKAGE_DIR, '..', '..');

/** How long a backend may take to start on a busy 2-core machine. */
const START_TIMEOUT_MS = 300_000;

/**
 * A mesh backend running as a process of its own (main.ts, from the sources,
 * as `backstage-cli package start` runs a backend but without its file
 * watcher), in its own process group so that {@link kill} ends it and the
 * Helm processes it started at once, as a crash would.
 */
export class BackendProcess {
  private constructor(
    readonly baseUrl: string,
    private readonly child: ChildProcess,
    private readonly logFile: string,
  ) {}

  /** The node process's id. */
  get pid(): number {
    return this.child.pid!;
  }

  static async start(state: BackendState, name: string, sharedConfigFile: string): Promise<BackendProcess> {
    const port = await freePort();
    const ownConfigFile = path.join(state.dir, `app-config.${name}.yaml`);
    fs.writeFileSync(
      ownConfigFile,
      JSON.stringify({ backend: { baseUrl: `http://127.0.0.1:${port}`, listen: { port, host: '127.0.0.1' } } }),
      { mode: 0o600 },
    );
    // Helm's private kubeconfig directories go here, so a test can see what a killed process left.
    const tmp = path.join(state.dir, 'tmp');
    fs.mkdirSync(tmp, { recursive: true, mode: 0o700 });
    const logFile = path.join(state.dir, `${name}.log`);
    const log = fs.openSync(logFile, 'a', 0o600);
    const child = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        nodeTransform(),
        path.join('src', '__testUtils__', 'backendProcess', 'main.ts'),
        '--config',
        sharedConfigFile,
        '--config',
        ownConfigFile,
      ],
      {
        cwd: PACKAGE_DIR,
        detached: true,
        stdio: ['ignore', log, log],
        env: {
          ...process.env,
          NODE_ENV: 'development',
          TMPDIR: tmp,
          ESBK_TSCONFIG_PATH: path.join(REPO_ROOT, 'tsconfig.json'),
        },
      },
    );
    fs.closeSync(log);
    const backend = new BackendProcess(`http://127.0.0.1:${port}`, child, logFile);
    try {
      await backend.waitUntilReady();
    } catch (e) {
      await backend.kill();
      throw e;
    }
    return backend;
  }

  /** SIGKILL to the whole process group (the backend and every Helm it runs), as a crash; returns once it exited. */
  async kill(): Promise<void> {
    const exited = this.exited();
    signalGroup(this.child, 'SIGKILL');
    await exited;
  }

  /** SIGTERM (Backstage's orderly shutdown), SIGKILL after 20 seconds. */
  async stop(): Promise<void> {
    const exited = this.exited();
    signalGroup(this.child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(this.child, 'SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  /** Resident memory of the backend's node process, in MiB. */
  rssMiB(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Math.round(Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024);
  }

  /** The last lines of its log (Backstage's logger redacts config secrets). */
  logTail(lines = 40): string {
    return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }

  private exited(): Promise<void> {
    return new Promise(resolve => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
  }

  private async waitUntilReady(): Promise<void> {
    const health = `${this.baseUrl}/api/mesh/health`;
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`the backend exited (${this.child.exitCode ?? this.child.signalCode}) before it answered:\n${this.logTail()}`);
      }
      const status = await fetch(health).then(
        r => r.status,
        () => undefined,
      );
      if (status === 200) return;
      if (Date.now() > deadline) {
        throw new Error(`the backend did not answer ${health} within ${START_TIMEOUT_MS / 1000} s:\n${this.logTail()}`);
      }
      await new Promise(r => setTimeout(r, 500));
    }
  }
}

/**
 * What the backend processes of one test share: a private directory (0700)
 * with their config (cluster credentials, the access token), their SQLite
 * files and their logs, and the static external access token the test calls
 * them with. Removed by {@link BackendState.remove}.
 */
export class BackendState {
  private constructor(
    readonly dir: string,
    /** `Authorization` header value for the test's calls. Never log it. */
    readonly authorization: string,
    private readonly sharedConfigFile: string,
  ) {}

  /**
   * A new state whose backends read `config` (e.g. `kubernetes`, `meshfleet`)
   * besides what every such backend needs: SQLite files in the state
   * directory (they survive a killed process), permissions enabled, and a
   * static access token.
   */
  static create(config: Record<string, unknown>): BackendState {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshfleet-backend-'));
    const token = randomBytes(24).toString('base64url');
    const shared = {
      ...config,
      backend: {
        database: { client: 'better-sqlite3', connection: { directory: path.join(dir, 'sqlite') } },
        auth: { externalAccess: [{ type: 'static', options: { token, subject: 'meshfleet-test' } }] },
      },
      permission: { enabled: true },
    };
    const sharedConfigFile = path.join(dir, 'app-config.shared.yaml');
    // JSON is YAML. 0600: it holds the clusters' tokens and the access token.
    fs.writeFileSync(sharedConfigFile, JSON.stringify(shared, null, 2), { mode: 0o600 });
    return new BackendState(dir, `Bearer ${token}`, sharedConfigFile);
  }

  /** Starts a backend process on this state (another may have run on it before). */
  start(name: string): Promise<BackendProcess> {
    return BackendProcess.start(this, name, this.sharedConfigFile);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The Backstage CLI's require hook that runs TypeScript sources in Node. */
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
