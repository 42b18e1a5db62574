import type { MeshPolicyApplyResponse, MeshPolicyImpact, MeshPolicyMessage } from '@meshfleet/plugin-mesh-common';

/*
 * What `mesh:policy:apply` writes to the task log: the validation findings,
 * each object's action and diff, the impact, the warnings and the outcome.
 * Pure; golden files in testdata/policy-apply.
 */

/** What one object's apply did (or would do, in a dry run). */
export interface PolicyApplyResult {
  kind: string;
  namespace: string;
  name: string;
  action: 'created' | 'updated' | 'unchanged';
  /** Unified diff of the object's YAML (spec, labels, annotations) before → after; empty when unchanged. */
  diff: string;
}

/**
 * An apply's answer without the objects' bodies: what the log and the step's
 * outputs show, and what the apply's checkpoint keeps (a recovered task logs
 * it instead of applying again).
 */
export interface PolicyApplySummary {
  dryRun: boolean;
  configCluster: string;
  messages: MeshPolicyMessage[];
  results: PolicyApplyResult[];
  impact?: MeshPolicyImpact;
  warnings: string[];
}

/** A log line and the level to write it at. */
export interface PolicyLogLine {
  level: 'info' | 'warn' | 'error';
  text: string;
}

const INDENT = '  ';
const DIFF_INDENT = '      ';

export function summaryOf(response: MeshPolicyApplyResponse): PolicyApplySummary {
  return {
    dryRun: response.dryRun,
    configCluster: response.configCluster,
    messages: response.messages ?? [],
    results: response.results.map(r => ({
      kind: r.policy.kind,
      namespace: r.policy.metadata.namespace,
      name: r.policy.metadata.name,
      action: r.action,
      diff: r.diff ?? '',
    })),
    ...(response.impact ? { impact: response.impact } : {}),
    warnings: response.warnings,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `warning MSH0002 PeerAuthentication shop/default spec.mtls.mode: … Fix: …`: one finding on one line. */
export function messageLine(message: MeshPolicyMessage): string {
  const code = message.code ? ` ${message.code}` : '';
  const field = message.field ? ` ${message.field}` : '';
  const text = message.fix && !/[.!?]$/.test(message.message) ? `${message.message}.` : message.message;
  const fix = message.fix ? ` Fix: ${message.fix}` : '';
  return `${message.level}${code} ${message.kind} ${message.namespace}/${message.name}${field}: ${text}${fix}`;
}

const LEVEL_OF: Record<MeshPolicyMessage['level'], PolicyLogLine['level']> = { error: 'error', warning: 'warn', info: 'info' };

/** The validation findings: a count, then one line per finding. */
export function validationLines(messages: MeshPolicyMessage[]): PolicyLogLine[] {
  if (messages.length === 0) {
    return [{ level: 'info', text: 'Validation (schema, analysis, dry run in the config cluster): no findings' }];
  }
  const count = (level: MeshPolicyMessage['level']) => messages.filter(m => m.level === level).length;
  const head = `Validation (schema, analysis, dry run in the config cluster): ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info')}`;
  return [{ level: 'info', text: head }, ...messages.map(m => ({ level: LEVEL_OF[m.level], text: `${INDENT}${messageLine(m)}` }))];
}

function resultLines(result: PolicyApplyResult): string[] {
  const head = `${INDENT}${result.action} ${result.kind} ${result.namespace}/${result.name}`;
  const diff = result.diff.replace(/\n+$/, '');
  return diff ? [head, ...diff.split('\n').map(line => `${DIFF_INDENT}${line}`)] : [head];
}

function named(items: Array<{ cluster: string; namespace: string; name: string }>): string {
  return items.map(i => `${i.cluster} ${i.namespace}/${i.name}`).join(', ');
}

/** Rates as the topology shows them: two significant decimals at most. */
function rate(requestsPerSecond: number): string {
  return `${Number(requestsPerSecond.toFixed(2))} req/s`;
}

export function impactLines(impact: MeshPolicyImpact | undefined): string[] {
  if (!impact) {
    return ['Impact: not reported by the mesh backend'];
  }
  const lines = [`Impact: ${impact.clusters.length ? `clusters ${impact.clusters.join(', ')}` : 'no cluster'}`];
  lines.push(`${INDENT}services: ${impact.services.length ? named(impact.services) : 'none'}`);
  lines.push(`${INDENT}workloads: ${impact.workloads.length ? named(impact.workloads) : 'none'}`);
  const window = impact.window ? ` (last ${impact.window})` : '';
  if (impact.edges.length === 0) {
    lines.push(`${INDENT}observed edges${window}: none`);
  } else {
    lines.push(`${INDENT}observed edges${window}:`);
    impact.edges.forEach(e =>
      lines.push(`${INDENT}${INDENT}${e.source} → ${e.target} ${rate(e.requestsPerSecond)}${e.crossCluster ? ', cross-cluster' : ''}`),
    );
  }
  impact.notes.forEach(note => lines.push(`${INDENT}note: ${note}`));
  return lines;
}

function counted(results: PolicyApplyResult[], action: PolicyApplyResult['action']): number {
  return results.filter(r => r.action === action).length;
}

/** The last line: what was done, or in a dry run what applying would do. */
export function outcomeLine(summary: PolicyApplySummary): string {
  const [created, updated, unchanged] = (['created', 'updated', 'unchanged'] as const).map(a => counted(summary.results, a));
  return summary.dryRun
    ? `Dry run: nothing was changed; applying would create ${created}, update ${updated} and leave ${unchanged} unchanged in ${summary.configCluster}`
    : `Applied to ${summary.configCluster}, the mesh's config cluster: ${created} created, ${updated} updated, ${unchanged} unchanged`;
}

/** Everything an apply (or its dry run) writes to the task log, in order. */
export function summaryLines(summary: PolicyApplySummary): PolicyLogLine[] {
  const info = (text: string): PolicyLogLine => ({ level: 'info', text });
  return [
    ...validationLines(summary.messages),
    info(`Changes in ${summary.configCluster}, the mesh's config cluster${summary.dryRun ? ' (dry run)' : ''}:`),
    ...summary.results.flatMap(resultLines).map(info),
    ...impactLines(summary.impact).map(info),
    ...summary.warnings.map(text => ({ level: 'warn' as const, text: `Warning: ${text}` })),
    info(outcomeLine(summary)),
  ];
}

/** The step's error for a validation refusal: every error-level finding, one per line. */
export function refusalMessage(messages: MeshPolicyMessage[]): string {
  const errors = messages.filter(m => m.level === 'error');
  const listed = errors.length ? errors : messages;
  return [
    `The mesh backend's validation refused the policies (${plural(errors.length, 'error')}); nothing was applied:`,
    ...listed.map(m => `${INDENT}${messageLine(m)}`),
  ].join('\n');
}

/**
 * The `warnings` output: the validation's warnings, one line each. Only
 * these: a template may stop on them (the apply's own remarks, such as a
 * namespace it creates in the config cluster, are `notes`).
 */
export function warningsOf(summary: PolicyApplySummary): string[] {
  return summary.messages.filter(m => m.level === 'warning').map(messageLine);
}
