/*
 * The parts of Istio specs the checks read, typed loosely: the schema layer
 * has already said what is malformed, so a check reads what is there and
 * skips what is not.
 */

export interface Destination {
  host?: string;
  subset?: string;
  port?: { number?: number };
}

export interface RouteDestination {
  destination?: Destination;
  weight?: number;
}

export interface Route {
  name?: string;
  match?: Record<string, unknown>[];
  route?: RouteDestination[];
  mirror?: Destination;
  mirrors?: { destination?: Destination }[];
}

export interface VirtualServiceSpec {
  hosts?: string[];
  gateways?: string[];
  exportTo?: string[];
  http?: Route[];
  tcp?: Route[];
  tls?: Route[];
}

/** A list field, or none when it is missing or not a list. */
export function listOf<T>(value: T[] | undefined | unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** `spec.http[0].route[1].destination`: one destination of a VirtualService, with its field path. */
export interface LocatedDestination {
  destination: Destination;
  field: string;
}

/** Every route destination (tcp, tls, http, as Istio's analyzers list them). */
export function routeDestinations(spec: VirtualServiceSpec): LocatedDestination[] {
  const found: LocatedDestination[] = [];
  for (const protocol of ['tcp', 'tls', 'http'] as const) {
    listOf<Route>(spec[protocol]).forEach((route, i) =>
      listOf<RouteDestination>(route?.route).forEach((rd, j) => {
        if (rd?.destination) found.push({ destination: rd.destination, field: `spec.${protocol}[${i}].route[${j}].destination` });
      }),
    );
  }
  return found;
}

/** Every mirror destination of the HTTP routes. */
export function mirrorDestinations(spec: VirtualServiceSpec): LocatedDestination[] {
  const found: LocatedDestination[] = [];
  listOf<Route>(spec.http).forEach((route, i) => {
    if (route?.mirror) found.push({ destination: route.mirror, field: `spec.http[${i}].mirror` });
    listOf<{ destination?: Destination }>(route?.mirrors).forEach((m, j) => {
      if (m?.destination) found.push({ destination: m.destination, field: `spec.http[${i}].mirrors[${j}].destination` });
    });
  });
  return found;
}
