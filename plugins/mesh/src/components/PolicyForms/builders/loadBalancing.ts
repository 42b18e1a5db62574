import { FieldReader, HEADER_NAME } from './fields';
import { destinationRuleFor } from './objects';
import { setTrafficPolicy } from './routes';
import type { BuildContext, Parsed, PolicyObject, RawValues } from './types';

export const LOAD_BALANCING_ALGORITHMS = [
  'ROUND_ROBIN',
  'LEAST_REQUEST',
  'RANDOM',
  'PASSTHROUGH',
  'CONSISTENT_HASH',
] as const;

/** How callers' sidecars spread requests over the service's endpoints. */
export interface LoadBalancingValues {
  algorithm: (typeof LOAD_BALANCING_ALGORITHMS)[number];
  /** For CONSISTENT_HASH: the header whose value picks the endpoint (sticky sessions). */
  hashHeader?: string;
}

export function parseLoadBalancing(
  raw: RawValues,
): Parsed<LoadBalancingValues> {
  const f = new FieldReader(raw);
  const algorithm = f.choice(
    'algorithm',
    'Algorithm',
    LOAD_BALANCING_ALGORITHMS,
  );
  const hashHeader =
    algorithm === 'CONSISTENT_HASH'
      ? f.required(
          'hashHeader',
          'Hash header',
          'a lowercase header name such as x-user-id',
          HEADER_NAME,
        )
      : undefined;
  return f.result({ algorithm, hashHeader });
}

/** Sets `trafficPolicy.loadBalancer` of the service's DestinationRule. */
export function buildLoadBalancing(
  values: LoadBalancingValues,
  ctx: BuildContext,
): PolicyObject[] {
  const dr = destinationRuleFor(ctx);
  setTrafficPolicy(
    dr,
    'loadBalancer',
    values.algorithm === 'CONSISTENT_HASH'
      ? { consistentHash: { httpHeaderName: values.hashHeader } }
      : { simple: values.algorithm },
  );
  return [dr];
}
