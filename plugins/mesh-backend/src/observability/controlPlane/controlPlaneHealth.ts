import { Health, HealthStatus, worst } from '../health';
import { labelReplace } from '../prometheus/promql';
import { InstantSample } from '../prometheus/types';

/*
 * Control-plane health per istiod revision, from istiod's own metrics
 * (Istio 1.31, pilot/pkg/xds/monitoring.go and pkg/xds/monitoring.go):
 * `pilot_xds` (gauge: connected proxies, by proxy `version`),
 * `pilot_xds_pushes` (counter by `type`: cds/eds/lds/rds pushes and
 * `*_senderr` failures), `pilot_proxy_convergence_time` (histogram, seconds),
 * `pilot_total_xds_rejects` (counter by `type`: configs proxies rejected),
 * the `pilot_conflict_*` gauges, and `istio_build{component="pilot"}` (one
 * per istiod instance, to tell "scraped, nothing happened" from "not
 * scraped"). One instant query; plan and assembly pure.
 */

/** Thresholds of the control plane's figures. */
export interface ControlPlaneThresholds {
  /** Proxy convergence time p99, seconds. */
  convergenceP99Seconds: { degraded: number; failing: number };
  /** Rejected configurations within the window (degraded above `degraded`). */
  rejects: { degraded: number; failing: number };
}

/** Defaults: convergence p99 of 1 s is degraded, 10 s failing; any rejection degraded, 10 failing. */
export const DEFAULT_CONTROL_PLANE_THRESHOLDS: ControlPlaneThresholds = {
  convergenceP99Seconds: { degraded: 1, failing: 10 },
  rejects: { degraded: 0, failing: 10 },
};

/** One revision's figures. */
export interface RevisionFigures {
  /** istiod instances Prometheus scrapes (`istio_build{component="pilot"}`); null: none. */
  instances: number | null;
  /** Proxies connected over xDS now. */
  connectedProxies: number | null;
  /** xDS pushes per second. */
  pushRate: number | null;
  /** Failed xDS sends per second. */
  pushErrorRate: number | null;
  /** p99 of the time from a config change until a proxy has it, seconds. */
  convergenceP99Seconds: number | null;
  /** Configurations proxies rejected within the window. */
  rejects: number | null;
  /** Conflicting listeners istiod found (sum of `pilot_conflict_*`). */
  conflicts: number | null;
}

/** One revision's health. */
export interface RevisionHealth {
  revision: string;
  figures: RevisionFigures;
  health: Health;
}

/** The body of `GET /meshes/{meshId}/control-plane/health`. */
export interface ControlPlaneHealth {
  meshId: string;
  window: string;
  time: number;
  revisions: RevisionHealth[];
}

const FIGURES: Array<keyof RevisionFigures> = [
  'instances',
  'connectedProxies',
  'pushRate',
  'pushErrorRate',
  'convergenceP99Seconds',
  'rejects',
  'conflicts',
];

/**
 * The matchers of a mesh's istiod series: the configured selector, scoped to the
 * mesh's control-plane cluster when a cluster label is configured.
 */
export function controlPlaneSelector(labels: { selector: string; clusterLabel?: string }, controlPlaneCluster?: string): string {
  if (!labels.clusterLabel || !controlPlaneCluster) return labels.selector;
  return [labels.selector, `${labels.clusterLabel}=${JSON.stringify(controlPlaneCluster)}`].filter(Boolean).join(',');
}

/** The control plane's one query; `selector` and `revisionLabel` come from configuration. */
export function planControlPlane(selector: string, revisionLabel: string, window: string): string {
  const sel = (extra?: string) => `{${[selector, extra].filter(Boolean).join(',')}}`;
  const by = `by (${revisionLabel})`;
  const figure = (name: keyof RevisionFigures, expr: string) => labelReplace(expr, 'figure', name, '', '');
  return [
    figure('instances', `count ${by} (istio_build${sel('component="pilot"')})`),
    figure('connectedProxies', `sum ${by} (pilot_xds${sel()})`),
    figure('pushRate', `sum ${by} (rate(pilot_xds_pushes${sel('type!~".*_senderr"')}[${window}]))`),
    figure('pushErrorRate', `sum ${by} (rate(pilot_xds_pushes${sel('type=~".*_senderr"')}[${window}]))`),
    figure(
      'convergenceP99Seconds',
      `histogram_quantile(0.99, sum by (${revisionLabel}, le) (rate(pilot_proxy_convergence_time_bucket${sel()}[${window}])))`,
    ),
    figure('rejects', `sum ${by} (increase(pilot_total_xds_rejects${sel()}[${window}]))`),
    figure('conflicts', `sum ${by} ({__name__=~"pilot_conflict_.*",${selector}})`),
  ].join(' or ');
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function judge(f: RevisionFigures, t: ControlPlaneThresholds): Health {
  if (f.instances === null) {
    return { status: 'unknown', reason: 'no istiod metrics for this revision (is Prometheus scraping istiod?)' };
  }
  const verdicts: Health[] = [];
  const add = (status: HealthStatus, reason: string) => verdicts.push({ status, reason });
  if (f.rejects !== null && f.rejects > t.rejects.degraded) {
    add(f.rejects >= t.rejects.failing ? 'failing' : 'degraded', `${f.rejects} configurations rejected by proxies`);
  }
  const p99 = f.convergenceP99Seconds;
  if (p99 !== null && p99 >= t.convergenceP99Seconds.degraded) {
    add(p99 >= t.convergenceP99Seconds.failing ? 'failing' : 'degraded', `proxy convergence p99 ${p99} s`);
  }
  if (f.pushErrorRate !== null && f.pushErrorRate > 0) {
    add('degraded', `${f.pushErrorRate} failed xDS sends per second`);
  }
  if (f.conflicts !== null && f.conflicts > 0) {
    add('degraded', `${f.conflicts} conflicting listeners`);
  }
  return verdicts.reduce<Health>(
    (acc, v) => (worst(acc.status, v.status) === v.status && v.status !== acc.status ? v : acc),
    { status: 'healthy', reason: 'no figure crosses its threshold' },
  );
}

/** Per-revision figures and health from the query's answer; `revisions` are those discovery found. */
export function assembleControlPlane(
  samples: InstantSample[],
  revisions: string[],
  revisionLabel: string,
  thresholds: ControlPlaneThresholds,
): RevisionHealth[] {
  const byRevision = new Map<string, RevisionFigures>();
  const figuresOf = (rev: string) => {
    let f = byRevision.get(rev);
    if (!f) {
      f = Object.fromEntries(FIGURES.map(k => [k, null])) as unknown as RevisionFigures;
      byRevision.set(rev, f);
    }
    return f;
  };
  revisions.forEach(figuresOf);
  for (const { metric, value } of samples) {
    const figure = metric.figure as keyof RevisionFigures;
    if (FIGURES.includes(figure)) {
      figuresOf(metric[revisionLabel] || 'default')[figure] = Number.isFinite(value) ? round(value) : null;
    }
  }
  for (const figures of byRevision.values()) {
    if (figures.instances !== null) {
      // istiod exports these series only once something happened (a proxy
      // connected, a push, a rejection): scraped but absent means zero.
      for (const k of ['connectedProxies', 'pushRate', 'pushErrorRate', 'rejects', 'conflicts'] as const) {
        figures[k] ??= 0;
      }
    }
  }
  return [...byRevision.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([revision, figures]) => ({ revision, figures, health: judge(figures, thresholds) }));
}
