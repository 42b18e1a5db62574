import { FieldReader } from './fields';
import { destinationRuleFor } from './objects';
import { defined, setTrafficPolicy } from './routes';
import type { BuildContext, Parsed, PolicyObject, RawValues } from './types';

/** Connection pool limits towards the service, per caller's sidecar. */
export interface ConnectionPoolValues {
  maxConnections?: number;
  connectTimeout?: string;
  http1MaxPendingRequests?: number;
  http2MaxRequests?: number;
  maxRequestsPerConnection?: number;
}

const LIMIT = 1_000_000;

export function parseConnectionPool(
  raw: RawValues,
): Parsed<ConnectionPoolValues> {
  const f = new FieldReader(raw);
  const values = {
    maxConnections: f.wholeNumber(
      'maxConnections',
      'Max TCP connections',
      1,
      LIMIT,
      true,
    ),
    connectTimeout: f.duration('connectTimeout', 'Connect timeout', true),
    http1MaxPendingRequests: f.wholeNumber(
      'http1MaxPendingRequests',
      'Max pending HTTP requests',
      1,
      LIMIT,
      true,
    ),
    http2MaxRequests: f.wholeNumber(
      'http2MaxRequests',
      'Max concurrent HTTP requests',
      1,
      LIMIT,
      true,
    ),
    maxRequestsPerConnection: f.wholeNumber(
      'maxRequestsPerConnection',
      'Max requests per connection',
      1,
      LIMIT,
      true,
    ),
  };
  if (Object.values(values).every(v => v === undefined)) {
    f.fail(
      'maxConnections',
      'Max TCP connections',
      'at least one limit in this form (all are blank)',
    );
  }
  return f.result(values);
}

/** Sets `trafficPolicy.connectionPool` of the service's DestinationRule (only the limits given). */
export function buildConnectionPool(
  values: ConnectionPoolValues,
  ctx: BuildContext,
): PolicyObject[] {
  const dr = destinationRuleFor(ctx);
  const tcp = defined({
    maxConnections: values.maxConnections,
    connectTimeout: values.connectTimeout,
  });
  const http = defined({
    http1MaxPendingRequests: values.http1MaxPendingRequests,
    http2MaxRequests: values.http2MaxRequests,
    maxRequestsPerConnection: values.maxRequestsPerConnection,
  });
  setTrafficPolicy(
    dr,
    'connectionPool',
    defined({
      tcp: Object.keys(tcp).length ? tcp : undefined,
      http: Object.keys(http).length ? http : undefined,
    }),
  );
  return [dr];
}
