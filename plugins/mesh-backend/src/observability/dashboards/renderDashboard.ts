import { InputError } from '@backstage/errors';
import { ObservabilityUnavailableError } from '../errors';
import { ChartRange, Point } from '../metrics/serviceMetrics';
import { PrometheusQuerier, RangeSeries } from '../prometheus/types';
import { DashboardPanel, drawablePanels } from './panels';
import { legend, substitute, TemplateContext } from './templating';

/*
 * Renders a dashboard's panels: each target's query, with the variables
 * substituted, runs as a range query against the mesh's Prometheus. Only
 * queries from the dashboard JSON run; the browser chooses panels and
 * variable values (checked names), never PromQL.
 */

/** One drawn series. */
export interface RenderedSeries {
  /** The legend (from the target's `legendFormat`). */
  name: string;
  refId: string;
  labels: Record<string, string>;
  points: Point[];
}

/** One panel with its data, or the reason it has none. */
export interface RenderedPanel {
  id: number;
  title: string;
  /** Grafana's panel type (`timeseries`, `stat`, `heatmap`, …): how the frontend should draw it. */
  type: string;
  /** Grafana unit id, e.g. `ops`, `percentunit`, `s`, `Bps`. */
  unit?: string;
  description?: string;
  row?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  series: RenderedSeries[];
  /** Why some or all targets produced nothing (a Prometheus error, a variable Meshfleet cannot fill). */
  errors?: string[];
}

/** Which panels to render. */
export interface RenderOptions {
  panels: DashboardPanel[];
  variables: Record<string, string>;
  range: ChartRange;
  scrapeIntervalMs: number;
  maxQueries: number;
  /** Concurrent queries against Prometheus. */
  concurrency?: number;
}

/** Picks panels by id (all when `ids` is absent); 400 naming unknown ids and the query limit. */
export function selectPanels(dashboard: Record<string, any>, ids: number[] | undefined, maxQueries: number): DashboardPanel[] {
  const all = drawablePanels(dashboard);
  let chosen = all;
  if (ids) {
    const unknown = ids.filter(id => !all.some(p => p.id === id));
    if (unknown.length) {
      throw new InputError(
        `panels: no drawable panel with id ${unknown.join(', ')}; the dashboard's panels: ${all.map(p => p.id).join(', ')}`,
      );
    }
    chosen = all.filter(p => ids.includes(p.id));
  }
  const queries = chosen.reduce((n, p) => n + p.targets.length, 0);
  if (queries > maxQueries) {
    throw new InputError(
      `panels: the selection runs ${queries} Prometheus queries; the limit is ${maxQueries} per request (choose fewer panels with panels=<id>,<id>)`,
    );
  }
  return chosen;
}

async function pool<T, R>(items: T[], concurrency: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

function toPoints(series: RangeSeries, range: ChartRange): Point[] {
  const byTime = new Map(series.points.map(([t, v]) => [t, v]));
  const out: Point[] = [];
  for (let t = range.start; t <= range.end; t += range.step) {
    const v = byTime.get(t);
    out.push([t, v === undefined || !Number.isFinite(v) ? null : Math.round(v * 1e6) / 1e6]);
  }
  return out;
}

/** Runs the panels' queries and returns their series. */
export async function renderPanels(prometheus: PrometheusQuerier, options: RenderOptions): Promise<RenderedPanel[]> {
  const { range } = options;
  const ctx: TemplateContext = {
    variables: options.variables,
    intervalMs: range.step * 1000,
    scrapeIntervalMs: options.scrapeIntervalMs,
    rangeMs: (range.end - range.start) * 1000,
  };
  const jobs = options.panels.flatMap(panel => panel.targets.map(target => ({ panel, target })));
  let unavailable: ObservabilityUnavailableError | undefined;
  const answers = await pool(jobs, options.concurrency ?? 4, async ({ target }) => {
    const substituted = substitute(target.expr, ctx);
    if ('missing' in substituted) {
      return { error: `target ${target.refId}: uses ${substituted.missing.map(m => `$${m}`).join(', ')}, which Meshfleet does not set` };
    }
    try {
      return { series: await prometheus.range(substituted.expr, range.start, range.end, range.step) };
    } catch (error) {
      if (error instanceof ObservabilityUnavailableError && error.reason !== 'error') {
        unavailable = error;
      }
      return { error: `target ${target.refId}: ${(error as Error).message}` };
    }
  });
  // Prometheus down or too slow: one error for the request, not one per panel.
  if (unavailable && answers.every(a => 'error' in a)) {
    throw unavailable;
  }
  return options.panels.map(panel => {
    const mine = jobs.map((j, i) => ({ ...j, answer: answers[i] })).filter(j => j.panel === panel);
    const errors = mine.flatMap(j => ('error' in j.answer && j.answer.error ? [j.answer.error] : []));
    const series = mine.flatMap(j =>
      'series' in j.answer && j.answer.series
        ? j.answer.series.map(s => ({
            name: legend(j.target.legendFormat, s.metric),
            refId: j.target.refId,
            labels: s.metric,
            points: toPoints(s, range),
          }))
        : [],
    );
    return {
      id: panel.id,
      title: panel.title,
      type: panel.type,
      ...(panel.unit ? { unit: panel.unit } : {}),
      ...(panel.description ? { description: panel.description } : {}),
      ...(panel.row ? { row: panel.row } : {}),
      ...(panel.gridPos ? { gridPos: panel.gridPos } : {}),
      series,
      ...(errors.length ? { errors } : {}),
    };
  });
}
