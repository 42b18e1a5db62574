import type { ServiceTarget } from './types';

/*
 * How Istio resolves the hosts of VirtualServices and DestinationRules: a
 * short name (`catalog`) is relative to the object's own namespace, longer
 * forms are qualified, and a leading `*` covers every host ending in the rest.
 */

/** How a host names the service: exactly, through a wildcard, or not at all. */
export type HostMatch = 'exact' | 'wildcard' | 'none';

/** The fully qualified name a host stands for, read in `namespace` (the object's). */
export function qualifyHost(host: string, namespace: string): string {
  if (host.startsWith('*')) return host;
  const parts = host.split('.');
  if (parts.length === 1) return `${host}.${namespace}.svc.cluster.local`;
  if (parts.length === 2) return `${host}.svc.cluster.local`;
  if (parts.length === 3 && parts[2] === 'svc') return `${host}.cluster.local`;
  return host;
}

/** Whether `host`, written in an object of `namespace`, names the service. */
export function matchHost(
  host: string,
  namespace: string,
  target: ServiceTarget,
): HostMatch {
  if (host === '*') return 'wildcard';
  if (host.startsWith('*.'))
    return target.hostname.endsWith(host.slice(1)) ? 'wildcard' : 'none';
  return qualifyHost(host, namespace) === target.hostname ? 'exact' : 'none';
}

/** The best match among several hosts (exact beats wildcard). */
export function matchHosts(
  hosts: unknown,
  namespace: string,
  target: ServiceTarget,
): HostMatch {
  const list = Array.isArray(hosts) ? hosts : [hosts];
  const matches = list
    .filter((h): h is string => typeof h === 'string')
    .map(h => matchHost(h, namespace, target));
  if (matches.includes('exact')) return 'exact';
  return matches.includes('wildcard') ? 'wildcard' : 'none';
}
