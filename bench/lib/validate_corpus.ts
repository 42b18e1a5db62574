/*
 * bench/validate's driver: for each case of the policy corpus, puts the case's
 * cluster state on the bench cluster, times Meshfleet's validation and
 * `istioctl analyze` on the case's batch, and removes the state again.
 * Prints the figures line; disagreements on analyzer codes go to stderr.
 *
 * Environment (set by bench/validate): BENCH_BASE, BENCH_MESH,
 * BENCH_KUBECONFIG, BENCH_ISTIOCTL, BENCH_AUTH_HEADER_FILE (a file holding
 * `Authorization: Bearer ...`), BENCH_REPS, BENCH_CORPUS, BENCH_SERVICES.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments, stringify } from 'yaml';

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
};
type Finding = { code?: string; kind: string; namespace: string; name: string };

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`bench/lib/validate_corpus.ts needs ${name} (it is run by bench/validate)`);
  return value;
}

const base = env('BENCH_BASE');
const meshId = env('BENCH_MESH');
const kubeconfig = env('BENCH_KUBECONFIG');
const istioctl = env('BENCH_ISTIOCTL');
const reps = Number(env('BENCH_REPS'));
const corpus = env('BENCH_CORPUS');
const services = env('BENCH_SERVICES');
const authorization = readFileSync(env('BENCH_AUTH_HEADER_FILE'), 'utf8').replace(/^Authorization:\s*/i, '').trim();
const work = mkdtempSync(join(tmpdir(), 'meshfleet-validate-corpus-'));

const isIstio = (o: K8sObject) => /\.istio\.io\//.test(o.apiVersion);
const isExisting = (o: K8sObject) => o.metadata?.annotations?.['meshfleet.io/corpus-role'] === 'existing';

/** A case's objects split as the corpus defines them: cluster state, and the batch under test. */
function splitCase(text: string): { state: K8sObject[]; batch: K8sObject[] } {
  const objects = parseAllDocuments(text)
    .map(d => d.toJS() as K8sObject)
    .filter(o => o && typeof o === 'object' && o.kind);
  return {
    state: objects.filter(o => !isIstio(o) || isExisting(o)),
    batch: objects.filter(o => isIstio(o) && !isExisting(o)),
  };
}

function kubectl(args: string[], input?: string): string {
  return execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Namespaces a case needs, labelled as the bench's so its cleanup removes them. */
function namespacesOf(objects: K8sObject[]): K8sObject[] {
  const declared = new Map(objects.filter(o => o.kind === 'Namespace').map(o => [o.metadata.name, o]));
  for (const o of objects) {
    const ns = o.metadata?.namespace;
    if (ns && !declared.has(ns)) declared.set(ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  }
  return [...declared.values()].map(ns => ({
    ...ns,
    metadata: { ...ns.metadata, labels: { ...ns.metadata.labels, bench: 'validate' } },
  }));
}

function applyState(state: K8sObject[], batch: K8sObject[]): string {
  const namespaces = namespacesOf([...state, ...batch]).filter(ns => ns.metadata.name !== 'default' && ns.metadata.name !== 'istio-system');
  const rest = state.filter(o => o.kind !== 'Namespace');
  if (namespaces.length) kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=bench-validate', '-f', '-'], list(namespaces));
  if (rest.length === 0) return '';
  const file = join(work, 'state.json');
  writeFileSync(file, list(rest));
  kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=bench-validate', '-f', file]);
  return file;
}

function removeState(file: string): void {
  if (file) kubectl(['delete', '--ignore-not-found', '--wait=false', '-f', file]);
}

function list(items: K8sObject[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

async function meshfleetValidate(batch: K8sObject[]): Promise<{ ms: number; findings: Finding[] }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await timedValidate(batch);
    } catch (error) {
      // A kept-alive connection the backend closed while kubectl and istioctl ran
      // (its keep-alive timeout is 5 s) fails before sending: send it again, timing
      // only the attempt that was answered.
      const socketClosed = (error as Error).message === 'fetch failed' && /socket|closed/i.test(String((error as Error).cause));
      if (!socketClosed || attempt === 3) throw error;
    }
  }
}

async function timedValidate(batch: K8sObject[]): Promise<{ ms: number; findings: Finding[] }> {
  const started = performance.now();
  const response = await fetch(`${base}/api/mesh/meshes/${meshId}/policies/validate`, {
    method: 'POST',
    headers: { Authorization: authorization, 'Content-Type': 'application/json' },
    body: JSON.stringify({ objects: batch }),
  });
  const body = (await response.json()) as { messages?: Finding[]; error?: { message: string } };
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`POST .../policies/validate: HTTP ${response.status}: ${body.error?.message}`);
  return { ms, findings: body.messages ?? [] };
}

function istioctlAnalyze(batch: K8sObject[]): { ms: number; findings: Finding[] } {
  const file = join(work, 'batch.yaml');
  writeFileSync(file, batch.map(o => stringify(o)).join('---\n'));
  const started = performance.now();
  const run = spawnSync(istioctl, ['analyze', '--kubeconfig', kubeconfig, '--use-kube=true', '-A', '-o', 'json', file], {
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  // Exit codes 79 (errors found) and 80 (warnings) are findings, not failures.
  if (run.status !== 0 && run.status !== 79 && run.status !== 80) {
    throw new Error(`istioctl analyze exited ${run.status}: ${run.stderr.slice(0, 500)}`);
  }
  // The JSON array, then possibly a summary line (e.g. a file it could not parse).
  const json = /^\[[\s\S]*?^\]/m.exec(run.stdout)?.[0] ?? '[]';
  const messages = JSON.parse(json) as Array<{ code: string; origin: string }>;
  const findings = messages.map(m => {
    const [kind, ref] = m.origin.split(' ');
    const [namespace, name] = ref.includes('/') ? ref.split('/') : ['', ref];
    return { code: m.code, kind, namespace, name };
  });
  return { ms, findings };
}

const key = (f: Finding) => `${f.code} ${f.kind} ${f.namespace}/${f.name}`;

/** Analyzer codes one side reports for the batch and the other does not. */
function disagreement(batch: K8sObject[], ours: Finding[], theirs: Finding[]): string[] {
  const inBatch = (f: Finding) => batch.some(o => o.kind === f.kind && o.metadata.name === f.name && (o.metadata.namespace ?? 'default') === f.namespace);
  const mine = new Set(ours.filter(f => f.code?.startsWith('IST') && inBatch(f)).map(key));
  const istio = new Set(theirs.filter(f => inBatch(f)).map(key));
  return [
    ...[...istio].filter(k => !mine.has(k)).map(k => `istioctl only: ${k}`),
    ...[...mine].filter(k => !istio.has(k)).map(k => `Meshfleet only: ${k}`),
  ];
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
}

async function main() {
  const files = ['invalid', 'valid'].flatMap(group =>
    readdirSync(join(corpus, group))
      .filter(f => f.endsWith('.yaml'))
      .map(f => join(corpus, group, f)),
  );
  const ours: number[] = [];
  const theirs: number[] = [];
  let policies = 0;
  const disagreements: string[] = [];
  for (const file of files) {
    const { state, batch } = splitCase(readFileSync(file, 'utf8'));
    if (batch.length === 0) continue;
    policies += batch.length;
    const stateFile = applyState(state, batch);
    try {
      // One unmeasured round first: both sides then work on a state they have seen.
      const first = await meshfleetValidate(batch);
      const firstAnalyze = istioctlAnalyze(batch);
      disagreements.push(...disagreement(batch, first.findings, firstAnalyze.findings).map(d => `${file.slice(corpus.length + 1)}: ${d}`));
      for (let i = 0; i < reps; i++) {
        ours.push((await meshfleetValidate(batch)).ms);
        theirs.push(istioctlAnalyze(batch).ms);
      }
    } finally {
      removeState(stateFile);
    }
  }
  rmSync(work, { recursive: true, force: true });
  for (const d of disagreements) process.stderr.write(`bench/validate: ${d}\n`);
  process.stderr.write(`bench/validate: ${files.length} cases, ${disagreements.length} code disagreements with istioctl analyze (cluster mode)\n`);
  const ms = (v: number) => Math.round(v);
  console.log(
    `peer: istioctl analyze --use-kube=true -A on the same batch files and cluster (${services} services): analyze_p95_ms=${ms(p95(theirs))} over ${theirs.length} runs`,
  );
  console.log(`policies=${policies} p95_ms=${ms(p95(ours))} analyze_p95_ms=${ms(p95(theirs))}`);
}

main().catch(error => {
  // fetch's own message ("fetch failed") says nothing; its cause says why.
  const cause = error instanceof Error && error.cause ? ` (${String((error.cause as Error).message ?? error.cause)})` : '';
  process.stderr.write(`bench/validate: ${error instanceof Error ? error.message : String(error)}${cause}\n`);
  process.exit(1);
});
