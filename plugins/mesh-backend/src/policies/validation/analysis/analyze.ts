import type { AnalyzedObject, Finding, MeshState } from '../types';
import { analysisContext, Analyzer } from './context';
import { analyzeAuthorizationPolicies } from './authorizationPolicies';
import { analyzeDestinationRules } from './destinationRules';
import { analyzeGateways } from './gateways';
import { analyzeMeshGatewayHosts } from './meshGatewayHosts';
import { analyzePeerAuthentications } from './peerAuthentication';
import { analyzeVirtualServiceRefs } from './virtualServiceRefs';
import { analyzeVirtualServiceRules } from './virtualServiceRules';
import { analyzeWorkloadSelectors } from './workloadSelectors';

const ANALYZERS: Analyzer[] = [
  analyzeVirtualServiceRefs,
  analyzeVirtualServiceRules,
  analyzeMeshGatewayHosts,
  analyzeDestinationRules,
  analyzeGateways,
  analyzeWorkloadSelectors,
  analyzeAuthorizationPolicies,
  analyzePeerAuthentications,
];

/**
 * The analysis layer: every check over the mesh's state with the batch in
 * place, findings about the batch's objects (or, with `reportExisting`,
 * about every object, as istioctl reports them). Pure.
 */
export function analyzeBatch(state: MeshState, batch: AnalyzedObject[], options: { reportExisting?: boolean } = {}): Finding[] {
  const context = analysisContext(state, batch, options.reportExisting);
  const findings = ANALYZERS.flatMap(analyze => analyze(context));
  const unreadable = state.unreadable.map(u => `${u.cluster} (${u.reason})`);
  if (unreadable.length > 0 && batch.length > 0) {
    const first = batch[0];
    findings.push({
      code: 'MSH0004',
      level: 'info',
      layer: 'analysis',
      kind: first.kind,
      namespace: first.metadata.namespace,
      name: first.metadata.name,
      message: `Checked without ${unreadable.length === 1 ? 'cluster' : 'clusters'} ${unreadable.join(', ')}: unreachable, so services and pods there were not seen (a reference to them may be reported as not found).`,
      fix: 'Retry when the cluster is reachable again, or check the references to its services yourself.',
    });
  }
  return findings;
}
