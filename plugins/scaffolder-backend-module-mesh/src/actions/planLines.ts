import type { MeshOperationPlan, PlannedChange, PlannedHelmRelease } from '@meshfleet/plugin-mesh-common';
import { stringify } from 'yaml';

/*
 * An operation's plan (the mesh backend's dry-run answer) as task log lines:
 * what a dry run of a mesh action shows. Pure.
 */

function objectName(change: PlannedChange): string {
  return change.namespace ? `${change.kind} ${change.namespace}/${change.name}` : `${change.kind} ${change.name}`;
}

function changeLine(change: PlannedChange): string {
  const reason = change.reason ? `: ${change.reason}` : '';
  return `  ${change.action} ${objectName(change)} [${change.apiVersion}]${reason}`;
}

function releaseLines(release: PlannedHelmRelease): string[] {
  const head = `  ${release.action} Helm release ${release.namespace}/${release.release} (chart ${release.chart} ${release.version})`;
  if (release.action === 'uninstall' || release.action === 'unchanged' || Object.keys(release.values).length === 0) {
    return [head];
  }
  const values = stringify(release.values, { indent: 2 }).trimEnd().split('\n');
  return [`${head} with values:`, ...values.map(line => `      ${line}`)];
}

/** The clusters of a plan, in the order they first appear. */
function clustersOf(plan: MeshOperationPlan): string[] {
  return [...new Set([...plan.changes.map(c => c.cluster), ...plan.helmReleases.map(r => r.cluster)])];
}

/**
 * The plan as lines: its steps, then per cluster the objects to create,
 * update or delete and the Helm releases with their values, then what else
 * steps would do (an installer strategy's plan), then warnings.
 * Objects that stay unchanged are counted, not listed.
 */
export function planLines(plan: MeshOperationPlan): string[] {
  const lines = [`Plan of ${plan.kind} for mesh ${plan.meshId} (dry run: nothing was changed)`];
  lines.push(`Steps: ${plan.steps.map(s => `${s.id} (${s.title})`).join(', ') || 'none'}`);
  for (const cluster of clustersOf(plan)) {
    const changes = plan.changes.filter(c => c.cluster === cluster);
    const changing = changes.filter(c => c.action !== 'unchanged');
    const unchanged = changes.length - changing.length;
    const kept = unchanged === 1 ? '1 object unchanged' : `${unchanged} objects unchanged`;
    lines.push(`In cluster ${cluster}${unchanged ? ` (${kept})` : ''}:`);
    lines.push(...changing.map(changeLine));
    lines.push(...plan.helmReleases.filter(r => r.cluster === cluster).flatMap(releaseLines));
  }
  if (clustersOf(plan).length === 0) {
    lines.push('No cluster would change.');
  }
  lines.push(...(plan.notes ?? []).map(n => `Also: ${n}`));
  lines.push(...plan.warnings.map(w => `Warning: ${w}`));
  return lines;
}
