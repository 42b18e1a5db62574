import { FieldReader } from './fields';
import { virtualServiceFor } from './objects';
import { allRoutes, defined } from './routes';
import type { BuildContext, Parsed, PolicyObject, RawValues } from './types';

/** Retries and an overall timeout for requests to the service. */
export interface RetriesValues {
  attempts: number;
  /** Timeout of each attempt; unset: the overall timeout applies. */
  perTryTimeout?: string;
  /** Envoy's retry conditions, e.g. `5xx,reset,connect-failure`. */
  retryOn: string;
  /** Timeout of the whole request, retries included; unset: none. */
  timeout?: string;
}

const RETRY_ON = /^[a-z0-9-]+(,[a-z0-9-]+)*$/;

export function parseRetries(raw: RawValues): Parsed<RetriesValues> {
  const f = new FieldReader(raw);
  const attempts = f.wholeNumber('attempts', 'Attempts', 0, 10);
  const perTryTimeout = f.duration(
    'perTryTimeout',
    'Timeout per attempt',
    true,
  );
  const retryOn = f.required(
    'retryOn',
    'Retry on',
    "Envoy's retry conditions separated by commas, e.g. 5xx,reset,connect-failure",
    RETRY_ON,
  );
  const timeout = f.duration('timeout', 'Request timeout', true);
  return f.result({ attempts: attempts!, perTryTimeout, retryOn, timeout });
}

/** Sets retries (and the timeout when given) on every HTTP route of the service's VirtualService. */
export function buildRetries(
  values: RetriesValues,
  ctx: BuildContext,
): PolicyObject[] {
  const vs = virtualServiceFor(ctx);
  for (const route of allRoutes(vs, ctx.target.hostname)) {
    route.retries =
      values.attempts === 0
        ? { attempts: 0 }
        : defined({
            attempts: values.attempts,
            perTryTimeout: values.perTryTimeout,
            retryOn: values.retryOn,
          });
    if (values.timeout) route.timeout = values.timeout;
    else delete route.timeout;
  }
  return [vs];
}
