import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeCorpusCase, schemasFromCrdFile } from './corpus';
import { CORPUS_DIR, fleetCrdFile, REPO_ROOT } from './testing';

/*
 * Meshfleet's analysis against the real `istioctl analyze`, built from the
 * same Istio module as the fleet's istiod (tools/istio/build.sh), on every
 * corpus file as is (`--use-kube=false -A`: the file is the whole mesh).
 * Where istioctl reports an analyzer code for an Istio object, Meshfleet
 * reports the same code for the same object. Meshfleet may report more (its
 * schema layer and its own MSH checks, and codes istioctl only gives with a
 * cluster, such as IST0173 for pods it reads from the API server); those are
 * listed per case in the failure message of the reverse check's allow-list.
 */

const schemas = schemasFromCrdFile(fleetCrdFile());

function istioctlBinary(): string {
  const env = fs.readFileSync(path.join(REPO_ROOT, 'tools/istio/versions.env'), 'utf8');
  const version = /^ISTIO_VERSION=(\S+)$/m.exec(env)?.[1];
  const binary = path.join(REPO_ROOT, '.fleet/bin', `istioctl-${version}`, 'istioctl');
  if (!fs.existsSync(binary)) throw new Error(`${binary} is missing: build the fleet's Istio first (tools/istio/build.sh)`);
  return binary;
}

const istioctl = istioctlBinary();

const ISTIO_KINDS = new Set([
  'VirtualService',
  'DestinationRule',
  'Gateway',
  'ServiceEntry',
  'Sidecar',
  'WorkloadEntry',
  'PeerAuthentication',
  'RequestAuthentication',
  'AuthorizationPolicy',
  'Telemetry',
]);

/**
 * What istioctl analyze says of a file: `<code> <Kind> <namespace>/<name>`
 * of every finding about an Istio object, and whether it could not parse an
 * object at all (it then skips it, names no code and still exits 0: its
 * schema check happens while reading files, where Meshfleet reports IST0106).
 */
function istioctlAnalyze(file: string): { findings: string[]; unparsable: boolean } {
  const run = spawnSync(istioctl, ['analyze', '--use-kube=false', '-A', '-o', 'json', file], { encoding: 'utf8' });
  // Exit codes 79 and 80 say errors or warnings were found: findings, not a failure.
  if (![0, 79, 80].includes(run.status ?? -1)) {
    throw new Error(`istioctl analyze ${file} exited ${run.status}: ${run.stderr}`);
  }
  // The JSON array, then (when a file could not be parsed) a summary line.
  const json = /^\[[\s\S]*?^\]/m.exec(run.stdout)?.[0] ?? '[]';
  const messages = JSON.parse(json) as { code: string; origin: string }[];
  return {
    findings: messages.filter(m => ISTIO_KINDS.has(m.origin.split(' ')[0])).map(m => `${m.code} ${m.origin}`),
    unparsable: /could not be parsed/.test(run.stdout + run.stderr),
  };
}

function meshfleetFindings(text: string): string[] {
  return analyzeCorpusCase(text, schemas, { reportExisting: true })
    .filter(m => m.code?.startsWith('IST'))
    .map(m => `${m.code} ${m.kind} ${m.namespace}/${m.name}`);
}

const schemaErrorIn = (text: string) =>
  analyzeCorpusCase(text, schemas).some(m => m.code === 'IST0106' && m.level === 'error');

const cases = ['invalid', 'valid'].flatMap(folder =>
  fs
    .readdirSync(path.join(CORPUS_DIR, folder))
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .map(f => path.join(folder, f)),
);

describe('Meshfleet and istioctl analyze on the corpus', () => {
  it.each(cases)('%s: every code istioctl reports, Meshfleet reports for the same object', relative => {
    const file = path.join(CORPUS_DIR, relative);
    const text = fs.readFileSync(file, 'utf8');
    const istioctlSays = istioctlAnalyze(file);
    const ours = new Set(meshfleetFindings(text));
    expect(istioctlSays.findings.filter(f => !ours.has(f))).toEqual([]);
    // An object istioctl cannot even parse, Meshfleet refuses by its schema.
    expect({ unparsable: istioctlSays.unparsable, schemaError: schemaErrorIn(text) }).toEqual({
      unparsable: istioctlSays.unparsable,
      schemaError: istioctlSays.unparsable || schemaErrorIn(text),
    });
  });
});
