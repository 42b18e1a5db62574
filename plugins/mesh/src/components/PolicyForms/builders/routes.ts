import type { PolicyObject } from './types';

/*
 * Edits of a VirtualService's `http` routes and a DestinationRule's subsets
 * and traffic policy that keep everything a form does not set.
 */

export type HttpRoute = Record<string, unknown> & {
  match?: unknown[];
  route?: unknown[];
};
type Subset = { name: string; labels?: Record<string, string> } & Record<
  string,
  unknown
>;

/** The VirtualService's `http` routes (created empty when absent). */
export function httpRoutes(vs: PolicyObject): HttpRoute[] {
  if (!Array.isArray(vs.spec.http)) vs.spec.http = [];
  return vs.spec.http as HttpRoute[];
}

/**
 * The catch-all route (the last one without `match`), which takes every request
 * no earlier route matched; added, to the service itself, when there is none, so
 * a VirtualService never leaves requests unrouted.
 */
export function defaultRoute(vs: PolicyObject, host: string): HttpRoute {
  const routes = httpRoutes(vs);
  const found = [...routes]
    .reverse()
    .find(r => !r.match || r.match.length === 0);
  if (found) return found;
  const added: HttpRoute = { route: [{ destination: { host } }] };
  routes.push(added);
  return added;
}

/** Every route of the VirtualService, the catch-all one made sure of first. */
export function allRoutes(vs: PolicyObject, host: string): HttpRoute[] {
  defaultRoute(vs, host);
  return httpRoutes(vs);
}

/** Adds subsets to a DestinationRule, replacing the labels of those of the same name. */
export function ensureSubsets(
  dr: PolicyObject,
  subsets: Array<{ name: string; labels: Record<string, string> }>,
): void {
  const existing = (
    Array.isArray(dr.spec.subsets) ? dr.spec.subsets : []
  ) as Subset[];
  for (const subset of subsets) {
    const same = existing.find(s => s.name === subset.name);
    if (same) same.labels = subset.labels;
    else existing.push({ name: subset.name, labels: subset.labels });
  }
  dr.spec.subsets = existing;
}

/** Sets one part of the DestinationRule's traffic policy (`outlierDetection`, `connectionPool`, …), keeping the others. */
export function setTrafficPolicy(
  dr: PolicyObject,
  part: string,
  value: unknown,
): void {
  const trafficPolicy = (dr.spec.trafficPolicy ?? {}) as Record<
    string,
    unknown
  >;
  trafficPolicy[part] = value;
  dr.spec.trafficPolicy = trafficPolicy;
}

/** The object without the keys whose value is undefined (so golden files and the API see only what was set). */
export function defined<T extends Record<string, unknown>>(
  value: T,
): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
