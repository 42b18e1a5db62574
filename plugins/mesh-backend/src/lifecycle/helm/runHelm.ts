import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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

/**
 * Writes `files` into a new private temporary directory (0700, each file
 * 0600), runs `fn` with their paths and removes the directory afterwards,
 * whatever happens: a kubeconfig's credential is on disk only for one call.
 */
export async function withPrivateFiles<T>(
  files: PrivateFiles,
  fn: (paths: Record<string, string>) => Promise<T>,
): Promise<T> {
  // mkdtemp creates the directory with mode 0700.
  const dir = await mkdtemp(join(tmpdir(), 'meshfleet-helm-'));
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
