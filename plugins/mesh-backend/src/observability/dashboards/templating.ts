import { formatDuration } from '../durations';

/*
 * Grafana template variables in a dashboard's queries, substituted the way
 * Grafana does for Prometheus: `$var`, `${var}`, `${var:format}`, `[[var]]`,
 * and the built-ins `$__rate_interval`, `$__interval`, `$__interval_ms`,
 * `$__range`, `$__range_s`, `$__range_ms`. A variable Meshfleet does not set
 * is an error of that query (never sent half-substituted). Pure.
 */

/** Values for one rendering. */
export interface TemplateContext {
  /** Dashboard variables by name (already checked: mesh names only, or `.*` for All). */
  variables: Record<string, string>;
  /** Step of the range queries (Grafana's `$__interval`). */
  intervalMs: number;
  /** Prometheus' scrape interval (for `$__rate_interval`). */
  scrapeIntervalMs: number;
  /** The dashboard's time range. */
  rangeMs: number;
}

/** Grafana's `$__rate_interval`: max(`$__interval` + scrape interval, 4 × scrape interval). */
export function rateInterval(intervalMs: number, scrapeIntervalMs: number): number {
  return Math.max(intervalMs + scrapeIntervalMs, 4 * scrapeIntervalMs);
}

function builtins(ctx: TemplateContext): Record<string, string> {
  return {
    __rate_interval: formatDuration(rateInterval(ctx.intervalMs, ctx.scrapeIntervalMs)),
    __interval: formatDuration(ctx.intervalMs),
    __interval_ms: String(ctx.intervalMs),
    __range: formatDuration(ctx.rangeMs),
    __range_s: String(Math.round(ctx.rangeMs / 1000)),
    __range_ms: String(ctx.rangeMs),
  };
}

const VARIABLE = /\$\{(\w+)(?::[\w]+)?\}|\[\[(\w+)(?::[\w]+)?\]\]|\$(\w+)/g;

/** The query with its variables substituted, or the names Meshfleet could not fill. */
export function substitute(expr: string, ctx: TemplateContext): { expr: string } | { missing: string[] } {
  const values = { ...ctx.variables, ...builtins(ctx) };
  const missing = new Set<string>();
  const out = expr.replace(VARIABLE, (whole, braced?: string, bracketed?: string, bare?: string) => {
    const name = (braced ?? bracketed ?? bare)!;
    // `$1` and friends are regex back-references (label_replace), not variables.
    if (/^\d+$/.test(name)) {
      return whole;
    }
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return whole;
    }
    return value;
  });
  return missing.size ? { missing: [...missing].sort() } : { expr: out };
}

/** A legend from Grafana's `legendFormat` (`{{ label }}`), or the label set when there is none. */
export function legend(format: string | undefined, labels: Record<string, string>): string {
  if (format && format.trim() && format !== '__auto') {
    return format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => labels[name] ?? '').trim();
  }
  const entries = Object.entries(labels).filter(([k]) => k !== '__name__');
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(', ')}}` : 'value';
}
