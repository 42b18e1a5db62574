import { analysisFinding } from '../findings';
import type { AnalyzedObject, Finding } from '../types';
import { AnalysisContext, reportedOfKind } from './context';
import { byteOrder } from './labels';
import { listOf, Route, RouteDestination, VirtualServiceSpec } from './specs';

/*
 * The rules of a VirtualService on their own: rules never reached (IST0130)
 * and matches an earlier rule already serves (IST0131), as Istio's validation
 * analyzes them (pkg/config/validation: analyzeUnreachable*Rules; the
 * overlapping-prefix refinement is not reproduced), and the weights of a
 * split (MSH0001: Istio silently rescales weights that do not sum to 100; a
 * split whose weights sum to 0 is Istio's own schema error, IST0106).
 */

/** A match as data, names left out and keys sorted, so equal matches compare equal. */
function matchKey(match: Record<string, unknown>): string {
  const { name: _name, ...rest } = match ?? {};
  return stableJson(rest);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => byteOrder(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function ruleName(route: Route, i: number, http: boolean): string {
  return http && route?.name ? `"${route.name}"` : `#${i}`;
}

function unreachable(vs: AnalyzedObject, protocol: string, routes: Route[]): Finding[] {
  const http = protocol === 'http';
  const findings: Finding[] = [];
  const seen = new Map<string, number>();
  let catchAll = -1;
  routes.forEach((route, i) => {
    if (!route) return;
    const name = ruleName(route, i, http);
    const matches = listOf<Record<string, unknown>>(route.match);
    const rule = `spec.${protocol}[${i}]`;
    if (matches.length === 0) {
      if (catchAll >= 0) {
        findings.push(
          analysisFinding('IST0130', vs, {
            field: rule,
            message: `VirtualService rule ${name} not used (only the last rule can have no matches).`,
            fix: `Rule ${ruleName(routes[catchAll], catchAll, http)} (${protocol}[${catchAll}]) has no match and takes all traffic: give this rule a match and move it before that one, or remove it.`,
          }),
        );
      }
      catchAll = i;
      return;
    }
    let duplicates = 0;
    matches.forEach((match, j) => {
      if (catchAll >= 0) {
        findings.push(
          analysisFinding('IST0130', vs, {
            field: rule,
            message: `VirtualService rule ${name} not used (route without matches defined before).`,
            fix: `Move this rule before ${protocol}[${catchAll}], which has no match and takes all traffic.`,
          }),
        );
        return;
      }
      const key = matchKey(match);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        duplicates++;
        const matchName = http && typeof match?.name === 'string' && match.name ? `"${match.name}"` : `#${j}`;
        findings.push(
          analysisFinding('IST0131', vs, {
            field: `${rule}.match[${j}]`,
            message: `VirtualService rule ${name} match ${matchName} is not used (duplicate/overlapping match in rule ${ruleName(routes[earlier], earlier, http)}).`,
            fix: `Remove the match, or change it: ${protocol}[${earlier}] already matches the same requests.`,
          }),
        );
        return;
      }
      seen.set(key, i);
    });
    if (duplicates === matches.length) {
      findings.push(
        analysisFinding('IST0130', vs, {
          field: rule,
          message: `VirtualService rule ${name} not used (all matches used by prior rules).`,
          fix: 'Remove the rule, or give it a match no earlier rule has.',
        }),
      );
    }
  });
  return findings;
}

function weights(vs: AnalyzedObject, protocol: string, routes: Route[]): Finding[] {
  return routes.flatMap((route, i) => {
    const destinations = listOf<RouteDestination>(route?.route);
    if (destinations.length < 2) return [];
    const total = destinations.reduce((sum, d) => sum + (typeof d?.weight === 'number' ? d.weight : 0), 0);
    const field = `spec.${protocol}[${i}].route`;
    const listed = destinations.map(d => `${d?.destination?.host ?? '?'}${d?.destination?.subset ? `/${d.destination.subset}` : ''}=${d?.weight ?? 0}`).join(', ');
    if (total === 0) {
      return [
        analysisFinding('IST0106', vs, {
          field,
          message: `Schema validation error: total destination weight = 0 (${listed}); with several destinations Istio needs weights.`,
          fix: 'Give each destination a weight, the weights summing to 100.',
        }),
      ];
    }
    if (total === 100) return [];
    return [
      analysisFinding('MSH0001', vs, {
        field,
        message: `The weights of ${field} sum to ${total}, not 100 (${listed}); Istio would rescale them, so each destination would get a share other than the one written.`,
        fix: 'Change the weights so they sum to 100 (a destination without a weight counts as 0).',
      }),
    ];
  });
}

/** IST0130, IST0131, MSH0001 (and IST0106 for an all-zero split) for the VirtualServices sent. */
export function analyzeVirtualServiceRules(context: AnalysisContext): Finding[] {
  return reportedOfKind(context, 'VirtualService').flatMap(vs => {
    const spec = vs.spec as VirtualServiceSpec;
    return (['http', 'tcp', 'tls'] as const).flatMap(protocol => {
      const routes = listOf<Route>(spec[protocol]);
      return [...unreachable(vs, protocol, routes), ...weights(vs, protocol, routes)];
    });
  });
}
