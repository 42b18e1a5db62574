import { analysisFinding } from '../findings';
import type { AnalyzedObject, Finding } from '../types';
import { AnalysisContext, reportedOfKind } from './context';
import { labelMap, selectorString } from './labels';
import { listOf } from './specs';

/*
 * AuthorizationPolicies: Istio's authz analyzer (IST0127: the selector, or
 * the namespace of a selector-less policy, has no pod in the mesh;
 * IST0101: a source namespace that exists in no cluster of the mesh) and
 * Meshfleet's MSH0003, a policy that denies all traffic to its workloads
 * without saying so: ALLOW with its rules left empty (`spec: {}` is Istio's
 * documented allow-nothing policy and is taken as meant), or DENY with a rule
 * that matches every request. IST0133 is the warning Istio's own validation
 * gives a DENY rule of HTTP attributes only, which denies all TCP traffic.
 */

interface Rule {
  from?: { source?: Record<string, unknown> & { namespaces?: string[]; notNamespaces?: string[] } }[];
  to?: { operation?: Record<string, unknown> }[];
  when?: unknown[];
}

/** Source fields a TCP connection carries (Istio's tcpRulesInFrom). */
const TCP_SOURCE_FIELDS = ['principals', 'notPrincipals', 'ipBlocks', 'notIpBlocks', 'namespaces', 'notNamespaces', 'remoteIpBlocks', 'notRemoteIpBlocks', 'serviceAccounts', 'notServiceAccounts'];

interface AuthorizationPolicySpec {
  selector?: { matchLabels?: Record<string, string> };
  action?: string;
  rules?: Rule[];
  provider?: unknown;
  targetRef?: unknown;
  targetRefs?: unknown[];
}

function namespaceMatches(namespace: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return namespace.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return namespace.startsWith(pattern.slice(0, -1));
  return namespace.toLowerCase() === pattern.toLowerCase();
}

function checkWorkloads(context: AnalysisContext, ap: AnalyzedObject, spec: AuthorizationPolicySpec): Finding[] {
  const ns = ap.metadata.namespace;
  const meshWide = ns === context.state.rootNamespace;
  const selector = spec.selector ? (labelMap(spec.selector.matchLabels) ?? {}) : undefined;
  if (meshWide && !selector) return [];
  const pods = context.index.podsSelectedBy(selector, meshWide ? undefined : ns).filter(p => p.sidecar || p.ambient);
  if (pods.length > 0) return [];
  const printed = selectorString(selector);
  return [
    analysisFinding('IST0127', ap, {
      field: selector ? 'spec.selector.matchLabels' : 'metadata.namespace',
      message: `No matching workloads for this resource with the following labels: ${printed} (no pod with a sidecar ${meshWide ? 'in the mesh' : `in namespace ${ns}`}${printed ? ' has them' : ''}, in any cluster)`,
      fix: selector
        ? `Use the labels of the workload's pods (they must run with a sidecar), or deploy the workload first.`
        : `Namespace ${ns} has no workload with a sidecar: apply the policy where the workloads run, or inject them first.`,
    }),
  ];
}

function checkNamespaces(context: AnalysisContext, ap: AnalyzedObject, spec: AuthorizationPolicySpec): Finding[] {
  const known = [...context.index.namespaceNames];
  const findings: Finding[] = [];
  listOf<Rule>(spec.rules).forEach((rule, i) =>
    listOf<NonNullable<Rule['from']>[number]>(rule?.from).forEach((from, j) => {
      for (const list of ['namespaces', 'notNamespaces'] as const) {
        listOf<string>(from?.source?.[list]).forEach((pattern, k) => {
          if (known.some(n => namespaceMatches(n, pattern))) return;
          findings.push(
            analysisFinding('IST0101', ap, {
              field: `spec.rules[${i}].from[${j}].source.${list}[${k}]`,
              message: `Referenced namespace not found: "${pattern}" (no cluster of the mesh has it)`,
              fix: 'Correct the namespace name, or create the namespace first.',
            }),
          );
        });
      }
    }),
  );
  return findings;
}

function matchesEverything(rule: Rule | undefined): boolean {
  return !rule || (listOf(rule.from).length === 0 && listOf(rule.to).length === 0 && listOf(rule.when).length === 0);
}

function checkDenyAll(ap: AnalyzedObject, spec: AuthorizationPolicySpec): Finding[] {
  const action = spec.action ?? 'ALLOW';
  const rules = listOf<Rule>(spec.rules);
  const target = spec.selector ? `the workloads with ${selectorString(labelMap(spec.selector.matchLabels))}` : `every workload of namespace ${ap.metadata.namespace}`;
  if (action === 'ALLOW' && rules.length === 0 && Object.keys(spec).some(k => k !== 'selector' && k !== 'targetRef' && k !== 'targetRefs')) {
    return [
      analysisFinding('MSH0003', ap, {
        field: 'spec.rules',
        message: `This ALLOW policy has no rules, so it allows nothing: every request to ${target} would be denied.`,
        fix: 'Add the rules that say who may call (from, to, when). To deny everything on purpose, write the policy as `spec: {}` (Istio\'s allow-nothing policy), optionally with a selector.',
      }),
    ];
  }
  const index = rules.findIndex(matchesEverything);
  if (action === 'DENY' && index >= 0) {
    return [
      analysisFinding('MSH0003', ap, {
        field: `spec.rules[${index}]`,
        message: `Rule ${index} of this DENY policy has no from, to or when, so it matches every request: all traffic to ${target} would be denied.`,
        fix: 'Say what to deny in the rule (from, to, when). To deny everything on purpose, use `spec: {}` (Istio\'s allow-nothing policy).',
      }),
    ];
  }
  return [];
}

/** Rules of a DENY policy that name HTTP attributes only: on TCP ports Istio denies everything for them. */
function checkHttpOnlyDeny(ap: AnalyzedObject, spec: AuthorizationPolicySpec): Finding[] {
  if (spec.action !== 'DENY') return [];
  return listOf<Rule>(spec.rules).flatMap((rule, i) => {
    const froms = listOf<NonNullable<Rule['from']>[number]>(rule?.from).filter(f => f?.source);
    const tos = listOf<NonNullable<Rule['to']>[number]>(rule?.to).filter(t => t?.operation);
    const tcpFrom = froms.some(f => TCP_SOURCE_FIELDS.some(k => f.source![k] !== undefined));
    const tcpTo = tos.some(t => t.operation!.ports !== undefined || t.operation!.notPorts !== undefined);
    if (!((froms.length > 0 && tos.length === 0 && !tcpFrom) || (tos.length > 0 && !tcpTo))) return [];
    return [
      analysisFinding('IST0133', ap, {
        field: `spec.rules[${i}]`,
        message: 'Schema validation warning: configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port',
        fix: `Add the HTTP ports to spec.rules[${i}].to[].operation.ports, so TCP traffic on other ports is not denied.`,
      }),
    ];
  });
}

/** IST0127, IST0101 (namespaces), IST0133 and MSH0003 for the AuthorizationPolicies sent. */
export function analyzeAuthorizationPolicies(context: AnalysisContext): Finding[] {
  return reportedOfKind(context, 'AuthorizationPolicy').flatMap(ap => {
    const spec = ap.spec as AuthorizationPolicySpec;
    return [...checkWorkloads(context, ap, spec), ...checkNamespaces(context, ap, spec), ...checkDenyAll(ap, spec), ...checkHttpOnlyDeny(ap, spec)];
  });
}
