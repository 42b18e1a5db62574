import { DNS_LABEL, FieldReader, HEADER_NAME, LABEL_VALUE } from './fields';
import { destinationRuleFor, virtualServiceFor } from './objects';
import { defaultRoute, ensureSubsets, httpRoutes, HttpRoute } from './routes';
import type { BuildContext, Parsed, PolicyObject, RawValues } from './types';

/** Requests carrying a header value go to one version; all others keep their routes. */
export interface HeaderRoutingValues {
  header: string;
  /** The header's exact value. */
  value: string;
  versionLabel: string;
  version: string;
}

export function parseHeaderRouting(
  raw: RawValues,
): Parsed<HeaderRoutingValues> {
  const f = new FieldReader(raw);
  const header = f.required(
    'header',
    'Header',
    'a lowercase header name such as x-canary',
    HEADER_NAME,
  );
  const value = f.required(
    'value',
    'Header value',
    'the exact value to match, e.g. true',
  );
  const versionLabel = f.required(
    'versionLabel',
    'Version label',
    'a label key such as version',
    /^[A-Za-z0-9][-A-Za-z0-9_./]*$/,
  );
  const version = f.required(
    'version',
    'Version',
    'a label value such as v2',
    LABEL_VALUE,
  );
  if (version && !DNS_LABEL.test(version))
    f.fail(
      'version',
      'Version',
      'lowercase letters, digits and - (it names the subset)',
    );
  return f.result({ header, value, versionLabel, version });
}

function sameMatch(route: HttpRoute, header: string, value: string): boolean {
  return (
    JSON.stringify(route.match) ===
    JSON.stringify([{ headers: { [header]: { exact: value } } }])
  );
}

/**
 * A subset for the version in the DestinationRule, and a route first in the
 * VirtualService that sends matching requests to it (replacing a route with
 * the same match); a catch-all route is made sure of so other requests still
 * reach the service.
 */
export function buildHeaderRouting(
  values: HeaderRoutingValues,
  ctx: BuildContext,
): PolicyObject[] {
  const { hostname } = ctx.target;
  const dr = destinationRuleFor(ctx);
  ensureSubsets(dr, [
    { name: values.version, labels: { [values.versionLabel]: values.version } },
  ]);
  const vs = virtualServiceFor(ctx);
  defaultRoute(vs, hostname);
  const routes = httpRoutes(vs).filter(
    r => !sameMatch(r, values.header, values.value),
  );
  const route: HttpRoute = {
    match: [{ headers: { [values.header]: { exact: values.value } } }],
    route: [{ destination: { host: hostname, subset: values.version } }],
  };
  vs.spec.http = [route, ...routes];
  return [dr, vs];
}
