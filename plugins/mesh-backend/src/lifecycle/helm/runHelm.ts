import { execFile } from 'node:child_process';
import { lstat, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What one `helm` run produced. */
export interface HelmOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Files a Helm call needs on disk (a kubeconfig, a values file), by file name. */
export type PrivateFiles = Record<string, string>;

/** Private directories are named `meshfleet-helm-<pid>-XXXXXX`: the process that made them. */
const PRIVATE_PREFIX = 'meshfleet-helm-';

/**
 * Writes `files` into a new private temporary directory (0700, each file
 * 0600), runs `fn` with their paths and removes the directory afterwards,
 * whatever happens: a kubeconfig's credential is on disk only for one call.
 * (A process killed during the call cannot remove it: see
 * {@link removeLeftoverPrivateFiles}.)
 */
export async function withPrivateFiles<T>(
  files: PrivateFiles,
  fn: (paths: Record<string, string>) => Promise<T>,
  parent: string = tmpdir(),
): Promise<T> {
  // mkdtemp creates the directory with mode 0700.
  const dir = await mkdtemp(join(parent, `${PRIVATE_PREFIX}${process.pid}-`));
  try {
    const paths: Record<string, string> = {};
    for (const [name, content] of Object.entries(files)) {
      paths[name] = join(dir, name);
      await writeFile(paths[name], content, { mode: 0o600, flag: 'wx' });
    }
    return await fn(paths);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the private directories of Helm calls whose process is gone: a
 * backend killed during a call (SIGKILL, OOM) leaves its kubeconfig there,
 * with a service-account token in it. Only this user's directories, and never
 * those of a running process (another replica on this machine). Returns how
 * many it removed.
 */
export async function removeLeftoverPrivateFiles(parent: string = tmpdir()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const pid = Number(new RegExp(`^${PRIVATE_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    const dir = join(parent, name);
    const stat = await lstat(dir).catch(() => undefined);
    if (!stat?.isDirectory() || stat.uid !== process.getuid?.()) continue;
    await rm(dir, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** Output beyond this is cut (Helm's JSON answers are small; manifests are not read). */
const MAX_BUFFER = 32 * 1024 * 1024;

/**
 * Runs the `helm` binary. Resolves with its exit code and output, also on a
 * non-zero exit; rejects only when it cannot be started, was aborted or ran
 * past `timeoutMs`. Helm's environment is the backend's, so a configured
 * HELM_CACHE_HOME etc. applies; clusters are always given by `--kubeconfig`.
 */
export function runHelm(
  binary: string,
  args: string[],
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<HelmOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      args,
      { timeout: options.timeoutMs, signal: options.signal, maxBuffer: MAX_BUFFER, killSignal: 'SIGTERM' },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        if (error && typeof code !== 'number') {
          reject(new Error(`helm ${args[0]} could not run (${binary}): ${whyNotRun(error, code)}`));
          return;
        }
        resolve({ exitCode: typeof code === 'number' ? code : 0, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** Why Helm did not run to its end: aborted, timed out, or could not start (ENOENT, EACCES…). */
function whyNotRun(error: Error, code: unknown): string {
  if (error.name === 'AbortError') return 'aborted';
  if ((error as { killed?: boolean }).killed) return 'timed out';
  return String(code ?? error.message);
}
