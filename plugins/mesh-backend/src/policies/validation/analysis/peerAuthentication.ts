import { analysisFinding } from '../findings';
import type { AnalyzedObject, Finding, TrafficEdge } from '../types';
import { AnalysisContext, reportedOfKind } from './context';
import { labelMap, selects } from './labels';

/*
 * MSH0002 (Istio's analyzer has no PeerAuthentication check): STRICT mTLS on
 * workloads that callers without a sidecar reach, from the mesh's recent
 * traffic; those callers' plain-text requests would be refused. Without
 * traffic data the check is skipped, and an info message says why.
 */

interface PeerAuthenticationSpec {
  selector?: { matchLabels?: Record<string, string> };
  mtls?: { mode?: string };
  portLevelMtls?: Record<string, { mode?: string }>;
}

function strictField(spec: PeerAuthenticationSpec): string | undefined {
  if (spec.mtls?.mode === 'STRICT') return 'spec.mtls.mode';
  const port = Object.entries(spec.portLevelMtls ?? {}).find(([, v]) => v?.mode === 'STRICT')?.[0];
  return port === undefined ? undefined : `spec.portLevelMtls["${port}"].mode`;
}

/** `namespace/name` of the services whose workloads the policy covers; undefined for all of the mesh. */
function coveredServices(context: AnalysisContext, pa: AnalyzedObject, spec: PeerAuthenticationSpec): Set<string> | undefined {
  const ns = pa.metadata.namespace;
  const selector = labelMap(spec.selector?.matchLabels);
  if (!selector && ns === context.state.rootNamespace) return undefined;
  const covered = new Set<string>();
  for (const service of context.state.services) {
    if (service.namespace !== ns) continue;
    if (!selector) {
      covered.add(`${ns}/${service.name}`);
      continue;
    }
    const pods = context.index.podsSelectedBy(selector, ns).filter(p => p.cluster === service.cluster);
    if (service.selector && pods.some(p => selects(service.selector, p.labels))) covered.add(`${ns}/${service.name}`);
  }
  return covered;
}

function describeCaller(edge: TrafficEdge): string {
  return edge.source.kind === 'unknown' ? 'callers outside the mesh (unknown source)' : `${edge.source.namespace ? `${edge.source.namespace}/` : ''}${edge.source.name}`;
}

/** MSH0002 for the PeerAuthentications sent. */
export function analyzePeerAuthentications(context: AnalysisContext): Finding[] {
  const traffic = context.state.traffic;
  return reportedOfKind(context, 'PeerAuthentication').flatMap(pa => {
    const spec = pa.spec as PeerAuthenticationSpec;
    const field = strictField(spec);
    if (!field) return [];
    if ('skipped' in traffic) {
      return [
        {
          ...analysisFinding('MSH0002', pa, {
            field,
            message: `Not checked whether callers without a sidecar reach these workloads: ${traffic.skipped}`,
            fix: 'Check that every caller of these workloads has a sidecar before applying STRICT mTLS (or use PERMISSIVE until they do).',
          }),
          level: 'info' as const,
        },
      ];
    }
    const covered = coveredServices(context, pa, spec);
    const plain = traffic.edges.filter(e => e.sourceWithoutSidecar && (!covered || covered.has(`${e.target.namespace}/${e.target.name}`)));
    if (plain.length === 0) return [];
    const listed = plain.slice(0, 5).map(e => `${describeCaller(e)} → ${e.target.namespace}/${e.target.name} (${e.requestsPerSecond.toFixed(2)} req/s)`);
    return [
      analysisFinding('MSH0002', pa, {
        field,
        message: `STRICT mTLS would refuse callers without a sidecar seen in the last ${traffic.window}: ${listed.join('; ')}${plain.length > 5 ? `; and ${plain.length - 5} more` : ''}.`,
        fix: 'Inject a sidecar into those callers first, or keep PERMISSIVE for these workloads (or the ports they call) until they have one.',
      }),
    ];
  });
}
