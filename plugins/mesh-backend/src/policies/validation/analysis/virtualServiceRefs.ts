import { analysisFinding } from '../findings';
import type { AnalyzedObject, Finding } from '../types';
import { AnalysisContext, reportedOfKind } from './context';
import { hostsOverlap, serviceNameOfHost, shortOrFullName } from './hosts';
import { LocatedDestination, mirrorDestinations, routeDestinations, VirtualServiceSpec } from './specs';
import type { KnownHost } from './stateIndex';

/*
 * What a VirtualService refers to (Istio's virtualservice.DestinationHostAnalyzer,
 * DestinationRuleAnalyzer and GatewayAnalyzer): destination hosts and their
 * ports (IST0101, IST0112), subsets defined by a DestinationRule (IST0101),
 * gateways (IST0101) and whether the gateway serves the VirtualService's
 * hosts (IST0132).
 */

const MESH_GATEWAY = 'mesh';

function checkPort(vs: AnalyzedObject, d: LocatedDestination, known: KnownHost): Finding[] {
  const host = d.destination.host!;
  const numbers = known.ports.map(p => p.number);
  const wanted = d.destination.port?.number;
  if (wanted === undefined) {
    if (numbers.length <= 1) return [];
    return [
      analysisFinding('IST0112', vs, {
        field: `${d.field}.port`,
        message: `This VirtualService routes to a service "${host}" that exposes multiple ports [${numbers.join(' ')}]. Specifying a port in the destination is required to disambiguate.`,
        fix: `Set ${d.field}.port.number to one of ${numbers.join(', ')}.`,
      }),
    ];
  }
  if (numbers.includes(Number(wanted))) return [];
  return [
    analysisFinding('IST0101', vs, {
      field: `${d.field}.port.number`,
      message: `Referenced host:port not found: "${host}:${wanted}" (the service's ports are ${numbers.join(', ') || 'none'})`,
      fix: `Use one of the ports ${numbers.join(', ') || 'of the service'}, or add port ${wanted} to the service.`,
    }),
  ];
}

function checkHosts(context: AnalysisContext, vs: AnalyzedObject, spec: VirtualServiceSpec): Finding[] {
  const ns = vs.metadata.namespace;
  const checks: [LocatedDestination, string][] = [
    ...routeDestinations(spec).map(d => [d, 'host'] as [LocatedDestination, string]),
    ...mirrorDestinations(spec).map(d => [d, 'mirror host'] as [LocatedDestination, string]),
  ];
  return checks.flatMap(([d, what]) => {
    const host = d.destination.host;
    if (typeof host !== 'string') return [];
    const known = context.hosts.lookup(ns, spec.exportTo, host);
    if (!known) {
      return [
        analysisFinding('IST0101', vs, {
          field: `${d.field}.host`,
          message: `Referenced ${what} not found: "${host}" (no Service in any cluster of the mesh, nor a ServiceEntry, is visible from namespace ${ns} under that name)`,
          fix: `Correct the host (a short name means a Service in ${ns}; another namespace's Service is <name>.<namespace>.svc.cluster.local), or create the Service or a ServiceEntry for it first.`,
        }),
      ];
    }
    return checkPort(vs, d, known);
  });
}

/** `namespace/name+subset` of every subset the DestinationRules define. */
function definedSubsets(context: AnalysisContext): Set<string> {
  const subsets = new Set<string>();
  for (const dr of context.ofKind('DestinationRule')) {
    const spec = dr.spec as { host?: string; subsets?: { name?: string }[] };
    if (typeof spec.host !== 'string') continue;
    const target = serviceNameOfHost(dr.metadata.namespace, spec.host);
    for (const s of Array.isArray(spec.subsets) ? spec.subsets : []) subsets.add(`${target.namespace}/${target.name}+${s?.name}`);
  }
  return subsets;
}

function checkSubsets(vs: AnalyzedObject, spec: VirtualServiceSpec, subsets: Set<string>): Finding[] {
  const checks: [LocatedDestination, string][] = [
    ...routeDestinations(spec).map(d => [d, 'host+subset in destinationrule'] as [LocatedDestination, string]),
    ...mirrorDestinations(spec).map(d => [d, 'mirror+subset in destinationrule'] as [LocatedDestination, string]),
  ];
  return checks.flatMap(([d, what]) => {
    const { host, subset } = d.destination;
    if (!subset || typeof host !== 'string') return [];
    const target = serviceNameOfHost(vs.metadata.namespace, host);
    if (subsets.has(`${target.namespace}/${target.name}+${subset}`)) return [];
    return [
      analysisFinding('IST0101', vs, {
        field: `${d.field}.subset`,
        message: `Referenced ${what} not found: "${host}+${subset}" (no DestinationRule for ${host} defines subset ${subset})`,
        fix: `Define subset ${subset} in the DestinationRule of ${host} (in the same batch is fine), or route to a subset it defines.`,
      }),
    ];
  });
}

/** The hosts a Gateway serves to VirtualServices of `vsNamespace` (Istio's sanitizeServerHostNamespace and NamesForNamespace). */
function gatewayHostsFor(gateway: AnalyzedObject, vsNamespace: string): string[] {
  const servers = (gateway.spec as { servers?: { hosts?: string[] }[] }).servers;
  const hosts: string[] = [];
  for (const server of Array.isArray(servers) ? servers : []) {
    for (const raw of Array.isArray(server?.hosts) ? server.hosts : []) {
      const slash = raw.indexOf('/');
      if (slash < 0) {
        hosts.push(raw);
        continue;
      }
      const scope = raw.slice(0, slash) === '.' ? gateway.metadata.namespace : raw.slice(0, slash);
      if (scope === '*' || scope === vsNamespace) hosts.push(raw.slice(slash + 1));
    }
  }
  return hosts;
}

function checkGateways(context: AnalysisContext, vs: AnalyzedObject, spec: VirtualServiceSpec): Finding[] {
  const ns = vs.metadata.namespace;
  const vsHosts = Array.isArray(spec.hosts) ? spec.hosts.filter(h => typeof h === 'string') : [];
  const findings: Finding[] = [];
  (Array.isArray(spec.gateways) ? spec.gateways : []).forEach((name, i) => {
    if (typeof name !== 'string' || name === MESH_GATEWAY) return;
    const ref = shortOrFullName(ns, name);
    const gateway = context.ofKind('Gateway').find(g => g.metadata.namespace === ref.namespace && g.metadata.name === ref.name);
    if (!gateway) {
      findings.push(
        analysisFinding('IST0101', vs, {
          field: `spec.gateways[${i}]`,
          message: `Referenced gateway not found: "${name}" (no Gateway ${ref.namespace}/${ref.name} in the config cluster or the batch)`,
          fix: `Create Gateway ${ref.namespace}/${ref.name} (in the same batch is fine), or name an existing one as <namespace>/<name>.`,
        }),
      );
    }
    const served = gateway ? gatewayHostsFor(gateway, ns) : [];
    if (!served.some(g => vsHosts.some(h => hostsOverlap(g, h)))) {
      findings.push(
        analysisFinding('IST0132', vs, {
          field: `spec.gateways[${i}]`,
          message: `one or more host [${vsHosts.join(' ')}] defined in VirtualService ${ns}/${vs.metadata.name} not found in Gateway ${ref.namespace}/${ref.name}.${gateway ? ` The gateway serves ${served.join(', ') || 'no host'} to namespace ${ns}.` : ''}`,
          fix: `Add a host the VirtualService lists to a server of Gateway ${ref.namespace}/${ref.name} (as ${ns}/<host> or */<host>), or list one the gateway serves in spec.hosts.`,
        }),
      );
    }
  });
  return findings;
}

/** IST0101 (hosts, ports, subsets, gateways), IST0112 and IST0132 for the VirtualServices sent. */
export function analyzeVirtualServiceRefs(context: AnalysisContext): Finding[] {
  const vss = reportedOfKind(context, 'VirtualService');
  if (vss.length === 0) return [];
  const subsets = definedSubsets(context);
  return vss.flatMap(vs => {
    const spec = vs.spec as VirtualServiceSpec;
    return [...checkHosts(context, vs, spec), ...checkSubsets(vs, spec, subsets), ...checkGateways(context, vs, spec)];
  });
}
