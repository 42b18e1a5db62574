import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DashboardKind } from './dashboards/kinds';
import { humanDurationToMs, parseDuration } from './durations';
import { DEFAULT_THRESHOLDS, HealthThresholds, RatioThresholds } from './health';
import {
  ControlPlaneThresholds,
  DEFAULT_CONTROL_PLANE_THRESHOLDS,
} from './controlPlane/controlPlaneHealth';

/*
 * Reads `meshfleet.prometheus`, `meshfleet.grafana`, `meshfleet.meshes.<id>`,
 * `meshfleet.health` and `meshfleet.observability` (see the package's config.d.ts).
 * Secrets are kept in these objects only: nothing here is ever serialised
 * into a response or a log line.
 */

/** How to reach one Prometheus. */
export interface PrometheusSettings {
  url: string;
  timeoutMs: number;
  /** Prometheus' scrape interval, for `$__rate_interval` and the smallest step. */
  scrapeIntervalMs: number;
  bearerToken?: string;
  basicAuth?: { username: string; password: string };
  /** PEM (or base64 of PEM) of the CA that signs Prometheus' certificate. */
  caData?: string;
}

/** How to reach one Grafana, and where Istio's dashboards are. */
export interface GrafanaSettings {
  /** Grafana's base URL as the browser reaches it (embeds and links). */
  url?: string;
  /** Service-account token the backend uses for /api/search and /api/dashboards. */
  token?: string;
  caData?: string;
  timeoutMs: number;
  /** Directory of dashboard JSON files (Istio's), read when no Grafana URL is set or a dashboard is not found there. */
  dashboardsDirectory?: string;
  /** Grafana organisation for links (`orgId`). */
  orgId: number;
  /** Titles to look Istio's dashboards up by (they have no fixed uid). */
  dashboardTitles: Record<DashboardKind, string>;
}

/** Limits that keep one request from making Prometheus compute too much. */
export interface ObservabilityLimits {
  minWindowMs: number;
  maxWindowMs: number;
  /** Longest time range of a chart. */
  maxRangeMs: number;
  /** Most points one series of a chart may have. */
  maxPointsPerSeries: number;
  /** Most dashboard queries one panels request runs. */
  maxPanelQueries: number;
}

/** The control plane's metric labels, as the Prometheus scrape config sets them. */
export interface ControlPlaneMetricLabels {
  /** PromQL label matchers that select istiod's own series, e.g. `app="istiod"`. */
  selector: string;
  /** The label carrying the istiod revision (`istio.io/rev` of the pod). */
  revisionLabel: string;
  /**
   * The label carrying the Backstage name of the cluster a series was scraped
   * in, when one Prometheus scrapes several clusters' istiods: a mesh's health
   * then counts only its control-plane cluster's istiod.
   */
  clusterLabel?: string;
}

/** Everything the observability routes read from configuration. */
export interface ObservabilityConfig {
  /** The Prometheus of a mesh: its own block, else the default, else undefined. */
  prometheusFor(meshId: string): PrometheusSettings | undefined;
  /** The Grafana (and dashboards directory) of a mesh, else the default, else undefined. */
  grafanaFor(meshId: string): GrafanaSettings | undefined;
  thresholds: HealthThresholds;
  controlPlaneThresholds: ControlPlaneThresholds;
  controlPlaneLabels: ControlPlaneMetricLabels;
  limits: ObservabilityLimits;
  cacheTtlMs: number;
  defaultWindowMs: number;
}

const DEFAULTS = {
  timeoutMs: 10_000,
  scrapeIntervalMs: 15_000,
  cacheTtlMs: 15_000,
  defaultWindowMs: 5 * 60_000,
  limits: {
    minWindowMs: 60_000,
    maxWindowMs: 6 * 3_600_000,
    maxRangeMs: 7 * 86_400_000,
    maxPointsPerSeries: 720,
    maxPanelQueries: 80,
  } satisfies ObservabilityLimits,
  dashboardTitles: {
    service: 'Istio Service Dashboard',
    workload: 'Istio Workload Dashboard',
    mesh: 'Istio Mesh Dashboard',
    'control-plane': 'Istio Control Plane Dashboard',
  } satisfies Record<DashboardKind, string>,
  controlPlaneLabels: { selector: 'app="istiod"', revisionLabel: 'istio_io_rev' },
};

/** A duration setting in milliseconds: PromQL-style strings ('10s', '5m'), ISO 8601 or Backstage's HumanDuration; `fallback` when absent. */
export function durationMs(config: Config | undefined, key: string, fallback: number): number {
  if (!config?.has(key)) {
    return fallback;
  }
  const raw = config.getOptional(key);
  // PromQL-style strings ('10s', '5m') as well as Backstage's forms.
  if (typeof raw === 'string' && /^\d+(ms|s|m|h|d|w)/.test(raw.trim())) {
    return parseDuration(`${key} in config`, raw);
  }
  return humanDurationToMs(readDurationFromConfig(config, { key }));
}

function readCaData(config: Config): string | undefined {
  return config.getOptionalString('caData');
}

function readPrometheus(config: Config | undefined, path: string): PrometheusSettings | undefined {
  if (!config) {
    return undefined;
  }
  const url = config.getString('url');
  try {
    // eslint-disable-next-line no-new
    new URL(url);
  } catch {
    throw new InputError(`${path}.url: '${url}' is not a URL; expected e.g. http://prometheus:9090`);
  }
  const basic = config.getOptionalConfig('basicAuth');
  return {
    url: url.replace(/\/+$/, ''),
    timeoutMs: durationMs(config, 'timeout', DEFAULTS.timeoutMs),
    scrapeIntervalMs: durationMs(config, 'scrapeInterval', DEFAULTS.scrapeIntervalMs),
    bearerToken: config.getOptionalString('bearerToken'),
    basicAuth: basic ? { username: basic.getString('username'), password: basic.getString('password') } : undefined,
    caData: readCaData(config),
  };
}

function readGrafana(config: Config | undefined): GrafanaSettings | undefined {
  if (!config) {
    return undefined;
  }
  const titles = config.getOptionalConfig('dashboards');
  return {
    url: config.getOptionalString('url')?.replace(/\/+$/, ''),
    token: config.getOptionalString('token'),
    caData: readCaData(config),
    timeoutMs: durationMs(config, 'timeout', DEFAULTS.timeoutMs),
    dashboardsDirectory: config.getOptionalString('dashboardsDirectory'),
    orgId: config.getOptionalNumber('orgId') ?? 1,
    dashboardTitles: {
      service: titles?.getOptionalString('service') ?? DEFAULTS.dashboardTitles.service,
      workload: titles?.getOptionalString('workload') ?? DEFAULTS.dashboardTitles.workload,
      mesh: titles?.getOptionalString('mesh') ?? DEFAULTS.dashboardTitles.mesh,
      'control-plane': titles?.getOptionalString('controlPlane') ?? DEFAULTS.dashboardTitles['control-plane'],
    },
  };
}

function readRatio(config: Config | undefined, fallback: RatioThresholds, path: string): RatioThresholds {
  const degraded = config?.getOptionalNumber('degraded') ?? fallback.degraded;
  const failing = config?.getOptionalNumber('failing') ?? fallback.failing;
  if (degraded < 0 || failing > 100 || degraded > failing) {
    throw new InputError(
      `${path}: degraded ${degraded} and failing ${failing} must be percentages with 0 <= degraded <= failing <= 100`,
    );
  }
  return { degraded, failing };
}

function readThresholds(config: Config | undefined): HealthThresholds {
  const t = config?.getOptionalConfig('thresholds');
  const base = 'meshfleet.health.thresholds';
  return {
    http5xx: readRatio(t?.getOptionalConfig('http5xx'), DEFAULT_THRESHOLDS.http5xx, `${base}.http5xx`),
    http4xx: readRatio(t?.getOptionalConfig('http4xx'), DEFAULT_THRESHOLDS.http4xx, `${base}.http4xx`),
    grpc: readRatio(t?.getOptionalConfig('grpc'), DEFAULT_THRESHOLDS.grpc, `${base}.grpc`),
  };
}

function readControlPlaneThresholds(config: Config | undefined): ControlPlaneThresholds {
  const t = config?.getOptionalConfig('controlPlane');
  const d = DEFAULT_CONTROL_PLANE_THRESHOLDS;
  return {
    convergenceP99Seconds: {
      degraded: t?.getOptionalNumber('convergenceP99Seconds.degraded') ?? d.convergenceP99Seconds.degraded,
      failing: t?.getOptionalNumber('convergenceP99Seconds.failing') ?? d.convergenceP99Seconds.failing,
    },
    rejects: {
      degraded: t?.getOptionalNumber('rejects.degraded') ?? d.rejects.degraded,
      failing: t?.getOptionalNumber('rejects.failing') ?? d.rejects.failing,
    },
  };
}

/** Reads the observability configuration; throws naming the key when a value is wrong. */
export function readObservabilityConfig(config: Config): ObservabilityConfig {
  const root = config.getOptionalConfig('meshfleet');
  const defaultPrometheus = readPrometheus(root?.getOptionalConfig('prometheus'), 'meshfleet.prometheus');
  const defaultGrafana = readGrafana(root?.getOptionalConfig('grafana'));
  const meshes = root?.getOptionalConfig('meshes');
  const perMesh = new Map<string, { prometheus?: PrometheusSettings; grafana?: GrafanaSettings }>();
  for (const meshId of meshes?.keys() ?? []) {
    const mesh = meshes!.getConfig(meshId);
    perMesh.set(meshId, {
      prometheus: readPrometheus(mesh.getOptionalConfig('prometheus'), `meshfleet.meshes.${meshId}.prometheus`),
      grafana: readGrafana(mesh.getOptionalConfig('grafana')),
    });
  }
  const obs = root?.getOptionalConfig('observability');
  const limits = obs?.getOptionalConfig('limits');
  const cp = obs?.getOptionalConfig('controlPlane');
  const result: ObservabilityConfig = {
    // A mesh's own block replaces the default whole: the default's credentials
    // are never sent to another mesh's server.
    prometheusFor: meshId => perMesh.get(meshId)?.prometheus ?? defaultPrometheus,
    grafanaFor: meshId => perMesh.get(meshId)?.grafana ?? defaultGrafana,
    thresholds: readThresholds(root?.getOptionalConfig('health')),
    controlPlaneThresholds: readControlPlaneThresholds(root?.getOptionalConfig('health')),
    controlPlaneLabels: {
      selector: cp?.getOptionalString('selector') ?? DEFAULTS.controlPlaneLabels.selector,
      revisionLabel: cp?.getOptionalString('revisionLabel') ?? DEFAULTS.controlPlaneLabels.revisionLabel,
      clusterLabel: cp?.getOptionalString('clusterLabel'),
    },
    limits: {
      minWindowMs: durationMs(limits, 'minWindow', DEFAULTS.limits.minWindowMs),
      maxWindowMs: durationMs(limits, 'maxWindow', DEFAULTS.limits.maxWindowMs),
      maxRangeMs: durationMs(limits, 'maxRange', DEFAULTS.limits.maxRangeMs),
      maxPointsPerSeries: limits?.getOptionalNumber('maxPointsPerSeries') ?? DEFAULTS.limits.maxPointsPerSeries,
      maxPanelQueries: limits?.getOptionalNumber('maxPanelQueries') ?? DEFAULTS.limits.maxPanelQueries,
    },
    cacheTtlMs: durationMs(obs, 'cacheTtl', DEFAULTS.cacheTtlMs),
    defaultWindowMs: durationMs(obs, 'defaultWindow', DEFAULTS.defaultWindowMs),
  };
  if (result.limits.minWindowMs > result.limits.maxWindowMs) {
    throw new InputError('meshfleet.observability.limits: minWindow must not exceed maxWindow');
  }
  return result;
}
