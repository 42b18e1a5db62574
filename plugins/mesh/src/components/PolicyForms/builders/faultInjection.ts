import { FieldReader } from './fields';
import { virtualServiceFor } from './objects';
import { allRoutes } from './routes';
import type { BuildContext, Parsed, PolicyObject, RawValues } from './types';

/** Faults injected into requests to the service, to test how callers cope. */
export interface FaultInjectionValues {
  /** Percent of requests delayed (0: none). */
  delayPercent: number;
  fixedDelay?: string;
  /** Percent of requests answered with `httpStatus` without reaching the service (0: none). */
  abortPercent: number;
  httpStatus?: number;
}

export function parseFaultInjection(
  raw: RawValues,
): Parsed<FaultInjectionValues> {
  const f = new FieldReader(raw);
  const delayPercent = f.percent('delayPercent', 'Delayed requests (%)')!;
  const fixedDelay =
    delayPercent > 0 ? f.duration('fixedDelay', 'Delay') : undefined;
  const abortPercent = f.percent('abortPercent', 'Aborted requests (%)')!;
  const httpStatus =
    abortPercent > 0
      ? f.wholeNumber('httpStatus', 'Abort status', 200, 599)
      : undefined;
  if (delayPercent === 0 && abortPercent === 0) {
    f.fail(
      'delayPercent',
      'Delayed requests (%)',
      'a share above 0 here or under aborted requests (a fault that affects no request does nothing)',
    );
  }
  return f.result({ delayPercent, fixedDelay, abortPercent, httpStatus });
}

/** Sets the fault on every HTTP route of the service's VirtualService. */
export function buildFaultInjection(
  values: FaultInjectionValues,
  ctx: BuildContext,
): PolicyObject[] {
  const vs = virtualServiceFor(ctx);
  const fault: Record<string, unknown> = {};
  if (values.delayPercent > 0)
    fault.delay = {
      percentage: { value: values.delayPercent },
      fixedDelay: values.fixedDelay,
    };
  if (values.abortPercent > 0)
    fault.abort = {
      percentage: { value: values.abortPercent },
      httpStatus: values.httpStatus,
    };
  for (const route of allRoutes(vs, ctx.target.hostname)) route.fault = fault;
  return [vs];
}
