import { InputError } from '@backstage/errors';
import { readDurationFromConfig } from '@backstage/config';

/** Backstage's HumanDuration, as `readDurationFromConfig` returns it. */
type HumanDuration = ReturnType<typeof readDurationFromConfig>;

/*
 * Durations as PromQL writes them (`30s`, `5m`, `1h30m`), for API parameters
 * such as `window` and `step`, and their conversion back into PromQL ranges.
 */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const PART = /(\d+)(ms|s|m|h|d|w)/g;
const WHOLE = /^(?:\d+(?:ms|s|m|h|d|w))+$/;

/**
 * Parses a PromQL-style duration (`90s`, `5m`, `1h30m`) into milliseconds.
 * Throws an InputError naming the field and the expected form.
 */
export function parseDuration(field: string, value: string): number {
  const text = value.trim();
  if (!WHOLE.test(text)) {
    throw new InputError(`${field}: '${value}' is not a duration; expected a number with a unit, e.g. 30s, 5m, 1h`);
  }
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) {
    total += Number(amount) * UNIT_MS[unit];
  }
  if (total <= 0) {
    throw new InputError(`${field}: '${value}' is zero; expected a positive duration`);
  }
  return total;
}

/** Formats milliseconds as the shortest exact PromQL duration (`300000` → `5m`). */
export function formatDuration(ms: number): string {
  if (ms <= 0 || !Number.isFinite(ms)) {
    throw new Error(`Cannot format duration ${ms}ms`);
  }
  let rest = Math.round(ms);
  let out = '';
  for (const unit of ['w', 'd', 'h', 'm', 's', 'ms']) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

/** Milliseconds of a Backstage HumanDuration (months and years as 30 and 365 days). */
export function humanDurationToMs(duration: HumanDuration): number {
  const d = duration;
  return (
    (d.milliseconds ?? 0) +
    (d.seconds ?? 0) * 1_000 +
    (d.minutes ?? 0) * 60_000 +
    (d.hours ?? 0) * 3_600_000 +
    (d.days ?? 0) * 86_400_000 +
    (d.weeks ?? 0) * 604_800_000 +
    (d.months ?? 0) * 30 * 86_400_000 +
    (d.years ?? 0) * 365 * 86_400_000
  );
}
