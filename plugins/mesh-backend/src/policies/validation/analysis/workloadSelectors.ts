import { analysisFinding } from '../findings';
import type { AnalyzedObject, Finding } from '../types';
import { AnalysisContext, reportedOfKind } from './context';
import { labelMap, selectorString } from './labels';

/*
 * Sidecars and Telemetry select workloads of their own namespace, as Istio's
 * sidecar.SelectorAnalyzer and telemetry.SelectorAnalyzer check them: a
 * selector must match a pod (IST0101, in some cluster of the mesh), no pod
 * may be selected by two Sidecars (IST0110), and a namespace has at most one
 * Sidecar without a selector (IST0111).
 */

function selectorOf(object: AnalyzedObject, field: 'workloadSelector' | 'selector'): Record<string, string> | undefined {
  const labels = labelMap((object.spec[field] as { labels?: unknown; matchLabels?: unknown } | undefined)?.[field === 'selector' ? 'matchLabels' : 'labels']);
  return labels && Object.keys(labels).length > 0 ? labels : undefined;
}

function selectorNotFound(object: AnalyzedObject, field: string, selector: Record<string, string>): Finding {
  const printed = selectorString(selector);
  return analysisFinding('IST0101', object, {
    field,
    message: `Referenced selector not found: "${printed}" (no pod in namespace ${object.metadata.namespace}, in any cluster of the mesh, has these labels)`,
    fix: `Use the labels of the workload's pods in ${object.metadata.namespace}, or deploy the workload first.`,
  });
}

function analyzeSidecarSelectors(context: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  const sidecars = context.ofKind('Sidecar');
  const selected = new Map<AnalyzedObject, Set<string>>();
  for (const sidecar of sidecars) {
    const selector = selectorOf(sidecar, 'workloadSelector');
    if (!selector) continue;
    const pods = context.index.podsSelectedBy(selector, sidecar.metadata.namespace);
    selected.set(sidecar, new Set(pods.map(p => `${p.cluster}/${p.name}`)));
    if (pods.length === 0 && context.isReported(sidecar)) findings.push(selectorNotFound(sidecar, 'spec.workloadSelector.labels', selector));
  }
  for (const sidecar of reportedOfKind(context, 'Sidecar')) {
    const mine = selected.get(sidecar);
    if (!mine) continue;
    const rivals = [...selected].filter(([other, pods]) => other !== sidecar && other.metadata.namespace === sidecar.metadata.namespace && [...pods].some(p => mine.has(p)));
    if (rivals.length === 0) continue;
    const pod = [...mine].find(p => rivals.some(([, pods]) => pods.has(p)))!.split('/')[1];
    const names = [sidecar, ...rivals.map(([o]) => o)].map(o => `${o.metadata.namespace}/${o.metadata.name}`).sort();
    findings.push(
      analysisFinding('IST0110', sidecar, {
        field: 'spec.workloadSelector.labels',
        message: `The Sidecars [${names.join(' ')}] in namespace "${sidecar.metadata.namespace}" select the same workload pod "${pod}", which can lead to undefined behavior.`,
        fix: 'Make the selectors disjoint, or merge the Sidecars into one for these pods.',
      }),
    );
  }
  for (const sidecar of reportedOfKind(context, 'Sidecar')) {
    if (selectorOf(sidecar, 'workloadSelector')) continue;
    const namespaceWide = sidecars.filter(s => s.metadata.namespace === sidecar.metadata.namespace && !selectorOf(s, 'workloadSelector'));
    if (namespaceWide.length < 2) continue;
    const names = namespaceWide.map(o => `${o.metadata.namespace}/${o.metadata.name}`).sort();
    findings.push(
      analysisFinding('IST0111', sidecar, {
        field: 'spec.workloadSelector',
        message: `The Sidecars [${names.join(' ')}] in namespace "${sidecar.metadata.namespace}" have no workload selector, which can lead to undefined behavior.`,
        fix: `Keep one namespace-wide Sidecar in ${sidecar.metadata.namespace} (merge them), or give this one a workloadSelector.`,
      }),
    );
  }
  return findings;
}

function analyzeTelemetrySelectors(context: AnalysisContext): Finding[] {
  return reportedOfKind(context, 'Telemetry').flatMap(telemetry => {
    const selector = selectorOf(telemetry, 'selector');
    if (!selector || context.index.podsSelectedBy(selector, telemetry.metadata.namespace).length > 0) return [];
    return [selectorNotFound(telemetry, 'spec.selector.matchLabels', selector)];
  });
}

/** IST0101 (selectors), IST0110 and IST0111 for the Sidecars and Telemetry sent. */
export function analyzeWorkloadSelectors(context: AnalysisContext): Finding[] {
  return [...analyzeSidecarSelectors(context), ...analyzeTelemetrySelectors(context)];
}
