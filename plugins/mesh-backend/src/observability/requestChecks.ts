import { InputError } from '@backstage/errors';
import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import { ObservabilityLimits } from './config';
import { formatDuration, parseDuration } from './durations';
import { Reporter, TopologyScope } from './topology/types';

/*
 * Checks of the observability routes' parameters against the limits and the
 * mesh model: every refusal is an InputError (400) that names the parameter,
 * what was wrong, and what is allowed. Pure.
 */

/** Query parameters as Express hands them over. */
export type QueryParams = Record<string, unknown>;

/** A list parameter: `a,b` or repeated `x=a&x=b`. */
export function listParam(query: QueryParams, name: string): string[] | undefined {
  const raw = query[name];
  if (raw === undefined) {
    return undefined;
  }
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap(v => String(v).split(','));
  const cleaned = values.map(v => v.trim()).filter(Boolean);
  if (cleaned.length === 0) {
    throw new InputError(`${name}: empty; expected a comma-separated list or no ${name} parameter`);
  }
  return [...new Set(cleaned)];
}

/** A single string parameter. */
export function stringParam(query: QueryParams, name: string): string | undefined {
  const raw = query[name];
  if (raw === undefined) {
    return undefined;
  }
  if (Array.isArray(raw) || typeof raw !== 'string' || raw.trim() === '') {
    throw new InputError(`${name}: expected one non-empty value`);
  }
  return raw.trim();
}

/** A rate window within the limits; returns milliseconds and its PromQL form. */
export function checkWindow(
  value: string | undefined,
  limits: ObservabilityLimits,
  defaultMs: number,
): { ms: number; promql: string } {
  const ms = value === undefined ? defaultMs : parseDuration('window', value);
  if (ms < limits.minWindowMs || ms > limits.maxWindowMs) {
    throw new InputError(
      `window: ${value} is outside the allowed range ${formatDuration(limits.minWindowMs)}..${formatDuration(
        limits.maxWindowMs,
      )} (longer windows make Prometheus read too many samples per query)`,
    );
  }
  return { ms, promql: formatDuration(ms) };
}

/** `source`, `destination` or `both` (default). */
export function checkReporter(value: string | undefined): Reporter {
  if (value === undefined) {
    return 'both';
  }
  if (value !== 'source' && value !== 'destination' && value !== 'both') {
    throw new InputError(`reporter: '${value}' is not a reporter; expected source, destination or both`);
  }
  return value;
}

function knownList(values: Iterable<string>): string {
  const sorted = [...values].sort();
  return sorted.length ? sorted.join(', ') : 'none';
}

/** The namespaces that have services in the mesh. */
export function meshNamespaces(mesh: MeshDetail): Set<string> {
  return new Set(mesh.services.map(s => s.namespace));
}

/** Namespaces must hold services of the mesh. */
export function checkNamespaces(mesh: MeshDetail, namespaces: string[], field = 'namespaces'): void {
  const known = meshNamespaces(mesh);
  const unknown = namespaces.filter(n => !known.has(n));
  if (unknown.length) {
    throw new InputError(
      `${field}: unknown in mesh '${mesh.id}': ${unknown.join(', ')}; namespaces with mesh services: ${knownList(known)}`,
    );
  }
}

/** A service given as namespace and name must be a mesh service. */
export function checkService(mesh: MeshDetail, namespace: string, service: string): void {
  checkNamespaces(mesh, [namespace], 'namespace');
  if (!mesh.services.some(s => s.namespace === namespace && s.name === service)) {
    const inNamespace = mesh.services.filter(s => s.namespace === namespace).map(s => s.name);
    throw new InputError(
      `service: '${namespace}/${service}' is not a service of mesh '${mesh.id}'; services in ${namespace}: ${knownList(inNamespace)}`,
    );
  }
}

/** Clusters must belong to the mesh. */
export function checkClusters(mesh: MeshDetail, clusters: string[]): void {
  const known = new Set(mesh.clusters.map(c => c.cluster));
  const unknown = clusters.filter(c => !known.has(c));
  if (unknown.length) {
    throw new InputError(`clusters: not clusters of mesh '${mesh.id}': ${unknown.join(', ')}; its clusters: ${knownList(known)}`);
  }
}

/** `ns/name` → parts, or a 400 naming the form. */
export function splitServiceRef(ref: string): { namespace: string; service: string } {
  const parts = ref.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new InputError(`service: '${ref}' is not <namespace>/<name>, e.g. shop/cart`);
  }
  return { namespace: parts[0], service: parts[1] };
}

/** The scope of a topology request: `service=<ns>/<name>`, or `namespaces=a,b`, or the whole mesh. */
export function checkScope(mesh: MeshDetail, query: QueryParams): TopologyScope {
  const namespaces = listParam(query, 'namespaces');
  const service = stringParam(query, 'service');
  if (namespaces && service) {
    throw new InputError('namespaces and service: give one of them (a service graph is already limited to one service)');
  }
  if (service) {
    const ref = splitServiceRef(service);
    checkService(mesh, ref.namespace, ref.service);
    return { kind: 'service', ...ref };
  }
  if (namespaces) {
    checkNamespaces(mesh, namespaces);
    return { kind: 'namespace', namespaces: [...namespaces].sort() };
  }
  return { kind: 'mesh' };
}
