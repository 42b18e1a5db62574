import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';

/*
 * For tests and benchmarks: where the fleet keeps its copy of Istio's charts
 * (tools/istio/build.sh copies them, at the version of versions.env), whose
 * base chart holds the CRDs the config clusters are given. Tests read the
 * schemas from there instead of a copy of Istio's CRD file in the repository.
 */

/** The repository's root (the package is plugins/mesh-backend). */
export const REPO_ROOT = resolvePackagePath('@meshfleet/plugin-mesh-backend', '../..');

/** The fleet chart copy's CRD file for the Istio version the fleet runs. */
export function fleetCrdFile(repoRoot = REPO_ROOT): string {
  const env = fs.readFileSync(path.join(repoRoot, 'tools/istio/versions.env'), 'utf8');
  const version = /^ISTIO_VERSION=(\S+)$/m.exec(env)?.[1];
  if (!version) throw new Error('tools/istio/versions.env names no ISTIO_VERSION');
  const file = path.join(repoRoot, '.fleet/charts', version, 'base/files/crd-all.gen.yaml');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: build the fleet's Istio first (tools/istio/build.sh)`);
  return file;
}

/** The corpus folder. */
export const CORPUS_DIR = resolvePackagePath('@meshfleet/plugin-mesh-backend', 'src/policies/validation/testdata/corpus');
