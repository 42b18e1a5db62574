// Jest helper for the plugins' integration tests: starts (or reuses) the local fleet
// through tools/fleet/fleet and returns how to reach it. Failures reject with the
// fleet's own error output, so a test that needs the fleet fails loudly instead of
// being skipped.
'use strict';

const { execFile } = require('node:child_process');
const path = require('node:path');

const FLEET = path.resolve(__dirname, '..', 'fleet');

// A cold `fleet up` compiles etcd and Kubernetes first; allow for it.
const UP_TIMEOUT_MS = 45 * 60 * 1000;
const CMD_TIMEOUT_MS = 3 * 60 * 1000;

function runFleet(args, timeoutMs) {
  return new Promise((resolve, reject) => {
    execFile(
      FLEET,
      args,
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: process.env },
      (error, stdout, stderr) => {
        if (error) {
          const tail = String(stderr).trim().split('\n').slice(-30).join('\n');
          reject(
            new Error(
              `\`fleet ${args.join(' ')}\` failed (${error.code ?? error.signal ?? error.message}).\n` +
                `${tail}\nLogs are under .fleet/clusters/<name>/logs/ at the repo root.`,
            ),
          );
          return;
        }
        resolve(String(stdout));
      },
    );
  });
}

/** Parsed `fleet env --format json` of the running fleet. */
async function readFleetEnv() {
  const out = await runFleet(['env', '--format', 'json'], CMD_TIMEOUT_MS);
  try {
    return JSON.parse(out);
  } catch (e) {
    throw new Error(`fleet env printed invalid JSON: ${e.message}\n${out.slice(0, 500)}`);
  }
}

/**
 * Runs `fleet up` (idempotent: reuses what runs) and returns the fleet's env.
 * `names` starts only those clusters (`fleet up --cluster`), leaving every other
 * cluster as it is: `--clusters N` starts 0..N-1 and so would restart a cluster
 * another test stopped on purpose.
 */
async function ensureFleet(options = {}) {
  const names = options.names ?? [];
  const count = options.clusters ?? 3;
  const args = names.length > 0 ? names.flatMap(name => ['--cluster', name]) : ['--clusters', String(count)];
  await runFleet(['up', ...args], UP_TIMEOUT_MS);
  const env = await readFleetEnv();
  const all = env.clusters ?? [];
  const wanted = names.length > 0 ? all.filter(c => names.includes(c.name)) : all.slice(0, count);
  if (wanted.length < (names.length > 0 ? names.length : count)) {
    const expected = names.length > 0 ? names.join(', ') : `at least ${count}`;
    throw new Error(`fleet env lists ${all.length} clusters, expected ${expected}`);
  }
  const down = wanted.filter(c => !c.up);
  if (down.length > 0) {
    throw new Error(`fleet up returned but these API servers do not answer: ${down.map(c => c.name).join(', ')}`);
  }
  return env;
}

/** Stops one cluster's API server: the cluster becomes unreachable. */
async function stopCluster(name) {
  await runFleet(['stop-cluster', name], CMD_TIMEOUT_MS);
}

/** Starts a stopped cluster's API server again and waits until it is ready. */
async function startCluster(name) {
  await runFleet(['start-cluster', name], CMD_TIMEOUT_MS);
}

module.exports = { ensureFleet, readFleetEnv, stopCluster, startCluster };
