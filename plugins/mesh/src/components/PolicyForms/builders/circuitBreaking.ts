import { FieldReader } from './fields';
import { destinationRuleFor } from './objects';
import { setTrafficPolicy } from './routes';
import type { BuildContext, Parsed, PolicyObject, RawValues } from './types';

/** Outlier detection: endpoints that keep failing are ejected from the load-balancing pool for a while. */
export interface CircuitBreakingValues {
  consecutive5xxErrors: number;
  interval: string;
  baseEjectionTime: string;
  maxEjectionPercent: number;
}

export function parseCircuitBreaking(
  raw: RawValues,
): Parsed<CircuitBreakingValues> {
  const f = new FieldReader(raw);
  const consecutive5xxErrors = f.wholeNumber(
    'consecutive5xxErrors',
    'Consecutive 5xx errors',
    1,
    1000,
  );
  const interval = f.duration('interval', 'Analysis interval');
  const baseEjectionTime = f.duration('baseEjectionTime', 'Ejection time');
  const maxEjectionPercent = f.wholeNumber(
    'maxEjectionPercent',
    'Max ejected (%)',
    1,
    100,
  );
  return f.result({
    consecutive5xxErrors: consecutive5xxErrors!,
    interval: interval!,
    baseEjectionTime: baseEjectionTime!,
    maxEjectionPercent: maxEjectionPercent!,
  });
}

/** Sets `trafficPolicy.outlierDetection` of the service's DestinationRule. */
export function buildCircuitBreaking(
  values: CircuitBreakingValues,
  ctx: BuildContext,
): PolicyObject[] {
  const dr = destinationRuleFor(ctx);
  setTrafficPolicy(dr, 'outlierDetection', { ...values });
  return [dr];
}
