import { analysisFinding } from '../findings';
import type { AnalyzedObject, Finding, StatePod } from '../types';
import { AnalysisContext, reportedOfKind } from './context';
import { labelMap, selects, selectorString } from './labels';
import { listOf } from './specs';

/*
 * Gateways, as Istio's gateway analyzers read them: the selector must match
 * a gateway pod in some cluster of the mesh (IST0101), each server's port
 * must be one the Service in front of those pods forwards (IST0162), and no
 * two Gateways may claim the same host on the same port of the same pods
 * (IST0145).
 */

interface Server {
  port?: { number?: number };
  hosts?: string[];
  bind?: string;
}

function serversOf(gateway: AnalyzedObject): Server[] {
  return listOf<Server>((gateway.spec as { servers?: Server[] }).servers);
}

function selectorOf(gateway: AnalyzedObject): Record<string, string> {
  return labelMap((gateway.spec as { selector?: unknown }).selector) ?? {};
}

/** The ports the Services in front of these pods accept: target ports and service ports (TCP only, as Istio counts them). */
function forwardedPorts(context: AnalysisContext, pods: StatePod[]): Set<number> {
  const ports = new Set<number>();
  for (const pod of pods) {
    for (const service of context.index.servicesByClusterNamespace.get(`${pod.cluster}/${pod.namespace}`) ?? []) {
      if (!selects(service.selector, pod.labels)) continue;
      for (const port of service.ports) {
        if (port.protocol !== 'TCP') continue;
        const target = typeof port.targetPort === 'number' ? port.targetPort : Number.parseInt(String(port.targetPort ?? ''), 10);
        if (Number.isInteger(target) && target !== 0) ports.add(target);
        ports.add(port.port);
      }
    }
  }
  return ports;
}

function checkSelectorAndPorts(context: AnalysisContext, gateway: AnalyzedObject): Finding[] {
  const selector = selectorOf(gateway);
  const pods = context.index.podsSelectedBy(selector);
  const printed = selectorString(selector);
  if (pods.length === 0) {
    return [
      analysisFinding('IST0101', gateway, {
        field: 'spec.selector',
        message: `Referenced selector not found: "${printed}" (no gateway pod in any cluster of the mesh has these labels)`,
        fix: 'Use the labels of the gateway deployment that should serve this Gateway (e.g. istio: ingressgateway), or deploy the gateway first.',
      }),
    ];
  }
  const ports = forwardedPorts(context, pods);
  return serversOf(gateway).flatMap((server, i) => {
    const number = server?.port?.number;
    if (typeof number !== 'number' || ports.has(number)) return [];
    return [
      analysisFinding('IST0162', gateway, {
        field: `spec.servers[${i}].port.number`,
        message: `The gateway is listening on a target port (port ${number}) that is not defined in the Service associated with its workload instances (Pod selector ${printed}). If you need to access the gateway port through the gateway Service, it will not be available.`,
        fix: `Use a port the gateway's Service forwards (${[...ports].sort((a, b) => a - b).join(', ') || 'none'}), or add port ${number} to that Service.`,
      }),
    ];
  });
}

/** Whether two selectors pick the same gateway pods (equal, or one within the other with a pod matching both). */
function sameGatewayPods(context: AnalysisContext, a: Record<string, string>, b: Record<string, string>): boolean {
  const [sa, sb] = [selectorString(a), selectorString(b)];
  if (sa === sb) return true;
  if (!sa.includes(sb) && !sb.includes(sa)) return false;
  return context.index.podsSelectedBy({ ...a, ...b }).length > 0;
}

function checkConflicts(context: AnalysisContext, gateway: AnalyzedObject, all: AnalyzedObject[]): Finding[] {
  const selector = selectorOf(gateway);
  const others = all.filter(g => g !== gateway && sameGatewayPods(context, selector, selectorOf(g)));
  return serversOf(gateway).flatMap((server, i) => {
    const number = server?.port?.number;
    const hosts = listOf<string>(server?.hosts);
    const conflicting = others.filter(other =>
      serversOf(other).some(s => s?.port?.number === number && (s?.bind ?? '') === (server?.bind ?? '') && listOf<string>(s?.hosts).some(h => hosts.includes(h))),
    );
    if (conflicting.length === 0) return [];
    const names = conflicting.map(g => `${g.metadata.namespace}/${g.metadata.name}`).sort();
    return [
      analysisFinding('IST0145', gateway, {
        field: `spec.servers[${i}].hosts`,
        message: `Conflict with gateways ${names.join(',')} (workload selector ${selectorString(selector)}, port ${number}, hosts ${hosts.join(',')}).`,
        fix: `Serve each host on port ${number} of these gateway pods from one Gateway: merge the servers, or use other hosts or another port.`,
      }),
    ];
  });
}

/** IST0101 (selector), IST0162 and IST0145 for the Gateways sent. */
export function analyzeGateways(context: AnalysisContext): Finding[] {
  const all = context.ofKind('Gateway');
  return reportedOfKind(context, 'Gateway').flatMap(gateway => {
    const selectorFindings = checkSelectorAndPorts(context, gateway);
    if (selectorFindings.some(f => f.code === 'IST0101')) return selectorFindings;
    return [...selectorFindings, ...checkConflicts(context, gateway, all)];
  });
}
