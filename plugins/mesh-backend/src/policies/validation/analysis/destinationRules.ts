import { analysisFinding } from '../findings';
import type { AnalyzedObject, Finding } from '../types';
import { AnalysisContext, reportedOfKind } from './context';
import { labelMap, selectorString } from './labels';
import { listOf } from './specs';

/*
 * DestinationRules, as Istio's destinationrule analyzers read them: the host
 * must be a service of the mesh (IST0174), each subset must select a pod in
 * some cluster of the mesh (IST0173), and TLS origination (SIMPLE, MUTUAL)
 * must verify the server (IST0128 for the rule, IST0129 per port).
 */

interface TlsSettings {
  mode?: string;
  caCertificates?: string;
  credentialName?: string;
}

interface DestinationRuleSpec {
  host?: string;
  exportTo?: string[];
  subsets?: { name?: string; labels?: Record<string, string> }[];
  workloadSelector?: unknown;
  trafficPolicy?: { tls?: TlsSettings; portLevelSettings?: { port?: { number?: number }; tls?: TlsSettings }[] };
}

function unverified(tls: TlsSettings | undefined, spec: DestinationRuleSpec): boolean {
  if (tls?.mode !== 'SIMPLE' && tls?.mode !== 'MUTUAL') return false;
  return !tls.caCertificates && !(tls.credentialName && spec.workloadSelector);
}

function checkTls(dr: AnalyzedObject, spec: DestinationRuleSpec): Finding[] {
  const { namespace, name } = dr.metadata;
  const findings: Finding[] = [];
  const tls = spec.trafficPolicy?.tls;
  if (unverified(tls, spec)) {
    findings.push(
      analysisFinding('IST0128', dr, {
        field: 'spec.trafficPolicy.tls.caCertificates',
        message: `DestinationRule ${namespace}/${name} in namespace ${namespace} has TLS mode set to ${tls!.mode} but no caCertificates are set to validate server identity for host: ${spec.host}`,
        fix: 'Set caCertificates (a file the sidecar has) or credentialName with a workloadSelector, so the proxy verifies the server it connects to.',
      }),
    );
  }
  listOf<{ port?: { number?: number }; tls?: TlsSettings }>(spec.trafficPolicy?.portLevelSettings).forEach((p, i) => {
    if (!unverified(p?.tls, spec)) return;
    findings.push(
      analysisFinding('IST0129', dr, {
        field: `spec.trafficPolicy.portLevelSettings[${i}].tls.caCertificates`,
        message: `DestinationRule ${namespace}/${name} in namespace ${namespace} has TLS mode set to ${p.tls!.mode} but no caCertificates are set to validate server identity for host: ${spec.host} at port number:${p.port?.number}`,
        fix: `Set caCertificates (or credentialName with a workloadSelector) in portLevelSettings[${i}].tls.`,
      }),
    );
  });
  return findings;
}

function checkHostAndSubsets(context: AnalysisContext, dr: AnalyzedObject, spec: DestinationRuleSpec): Finding[] {
  if (typeof spec.host !== 'string') return [];
  const known = context.hosts.lookup(dr.metadata.namespace, spec.exportTo, spec.host);
  if (!known) {
    return [
      analysisFinding('IST0174', dr, {
        field: 'spec.host',
        message: `The host ${spec.host} defined in the DestinationRule does not match any services in the mesh (no Service in any of its clusters, nor a ServiceEntry, visible from namespace ${dr.metadata.namespace}).`,
        fix: `Correct the host (a short name means a Service in ${dr.metadata.namespace}; another namespace's is <name>.<namespace>.svc.cluster.local), or create the Service or a ServiceEntry for it first.`,
      }),
    ];
  }
  return listOf<{ name?: string; labels?: Record<string, string> }>(spec.subsets).flatMap((subset, i) => {
    const selector = { ...known.workloadSelector, ...labelMap(subset?.labels) };
    if (context.index.podsSelectedBy(selector).length > 0) return [];
    return [
      analysisFinding('IST0173', dr, {
        field: `spec.subsets[${i}].labels`,
        message: `The Subset ${subset?.name} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream). No pod in any cluster of the mesh has the labels ${selectorString(selector) || '(none)'}.`,
        fix: `Correct the subset's labels to those of the version's pods, or deploy pods with ${selectorString(selector)} before routing to subset ${subset?.name}.`,
      }),
    ];
  });
}

/** IST0128, IST0129, IST0173 and IST0174 for the DestinationRules sent. */
export function analyzeDestinationRules(context: AnalysisContext): Finding[] {
  return reportedOfKind(context, 'DestinationRule').flatMap(dr => {
    const spec = dr.spec as DestinationRuleSpec;
    return [...checkHostAndSubsets(context, dr, spec), ...checkTls(dr, spec)];
  });
}
