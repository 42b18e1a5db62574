import { analysisFinding } from '../findings';
import type { AnalyzedObject, Finding } from '../types';
import type { AnalysisContext } from './context';
import { hostsOverlap, toFqdn } from './hosts';
import type { VirtualServiceSpec } from './specs';

/*
 * IST0109, as Istio's ConflictingMeshGatewayHostsAnalyzer: two
 * VirtualServices bound to the mesh gateway (no gateways, or `mesh` among
 * them) for the same host, visible in the same namespace, leave which one
 * the sidecars use undefined.
 */

interface HostUse {
  vs: AnalyzedObject;
  hostIndex: number;
}

function boundToMesh(spec: VirtualServiceSpec): boolean {
  return !Array.isArray(spec.gateways) || spec.gateways.length === 0 || spec.gateways.includes('mesh');
}

function scopesOf(vs: AnalyzedObject, spec: VirtualServiceSpec): string[] {
  const exportTo = Array.isArray(spec.exportTo) ? spec.exportTo : [];
  if (exportTo.length === 0 || exportTo.includes('*')) return ['*'];
  return [...new Set(exportTo.map(e => (e === '.' ? vs.metadata.namespace : e)))];
}

/** `<scope>/<fqdn>` → the VirtualServices (and which of their hosts) using it. */
function meshGatewayHosts(context: AnalysisContext): Map<string, HostUse[]> {
  const uses = new Map<string, HostUse[]>();
  for (const vs of context.ofKind('VirtualService')) {
    const spec = vs.spec as VirtualServiceSpec;
    if (!boundToMesh(spec)) continue;
    for (const scope of scopesOf(vs, spec)) {
      (Array.isArray(spec.hosts) ? spec.hosts : []).forEach((host, hostIndex) => {
        if (typeof host !== 'string') return;
        const key = `${scope}/${toFqdn(vs.metadata.namespace, host)}`;
        const list = uses.get(key);
        if (list) list.push({ vs, hostIndex });
        else uses.set(key, [{ vs, hostIndex }]);
      });
    }
  }
  return uses;
}

/** IST0109 for the VirtualServices sent. */
export function analyzeMeshGatewayHosts(context: AnalysisContext): Finding[] {
  const uses = meshGatewayHosts(context);
  const exportedToAll = [...uses.entries()].filter(([key]) => key.startsWith('*/'));
  const reported = new Set<AnalyzedObject>();
  const findings: Finding[] = [];
  for (const [key, list] of uses) {
    if (!list.some(u => context.isReported(u.vs))) continue;
    const [scope, fqdn] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    const all = scope === '*' ? list : [...list, ...exportedToAll.filter(([k]) => hostsOverlap(fqdn, k.slice(2))).flatMap(([, l]) => l)];
    if (new Set(all.map(u => u.vs)).size < 2) continue;
    const names = [...new Set(all.map(u => `${u.vs.metadata.namespace}/${u.vs.metadata.name}`))].sort().join(',');
    for (const use of all) {
      if (!context.isReported(use.vs) || reported.has(use.vs)) continue;
      reported.add(use.vs);
      findings.push(
        analysisFinding('IST0109', use.vs, {
          field: `spec.hosts[${use.hostIndex}]`,
          message: `The VirtualServices ${names} associated with mesh gateway define the same host ${key} which can lead to undefined behavior.`,
          fix: 'Merge the routes of these VirtualServices into one resource for the host, or bind them to different gateways.',
        }),
      );
    }
  }
  return findings;
}
