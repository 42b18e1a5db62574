/*
 * Host names as Istio's analyzers read them (pkg/config/analysis/analyzers/util
 * and pkg/config/host): a short name is in the referring object's namespace,
 * a name with a dot is taken as written, `*` prefixes are wildcards.
 */

const CLUSTER_LOCAL = 'svc.cluster.local';
const FQDN = /^(.+)\.(.+)\.svc\.cluster\.local$/;

/** The host as a FQDN: `reviews` in `shop` is `reviews.shop.svc.cluster.local`; wildcards and dotted names stay. */
export function toFqdn(namespace: string, host: string): string {
  return host.startsWith('*') || host.includes('.') ? host : `${host}.${namespace}.${CLUSTER_LOCAL}`;
}

/** Namespace and name of a host (a short name is in `defaultNamespace`); empty when a dotted name is not a cluster-local FQDN. */
export function serviceNameOfHost(defaultNamespace: string, host: string): { namespace: string; name: string } {
  const m = FQDN.exec(host);
  if (m) return { namespace: m[2], name: m[1] };
  if (host.includes('.')) return { namespace: '', name: '' };
  return { namespace: defaultNamespace, name: host };
}

/** Whether two host names overlap (Istio's host.Name.Matches: either may be a wildcard). */
export function hostsOverlap(a: string, b: string): boolean {
  const aWild = a.startsWith('*');
  const bWild = b.startsWith('*');
  if (aWild && bWild) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aWild) return b.endsWith(a.slice(1));
  if (bWild) return a.endsWith(b.slice(1));
  return a === b;
}

/** `ns/name` or a short name in `namespace` (Istio's resource.NewShortOrFullName). */
export function shortOrFullName(namespace: string, name: string): { namespace: string; name: string } {
  const slash = name.indexOf('/');
  return slash >= 0 ? { namespace: name.slice(0, slash), name: name.slice(slash + 1) } : { namespace, name };
}
