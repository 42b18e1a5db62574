import { InputError } from '@backstage/errors';
import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import { ObservabilityConfig } from './config';
import {
  assembleControlPlane,
  ControlPlaneHealth,
  controlPlaneSelector,
  planControlPlane,
} from './controlPlane/controlPlaneHealth';
import { DashboardSource } from './dashboards/DashboardSource';
import { DASHBOARD_KINDS, DashboardKind } from './dashboards/kinds';
import { RenderedPanel, renderPanels, selectPanels } from './dashboards/renderDashboard';
import {
  dashboardUrls,
  DashboardUrls,
  serviceDashboardVariables,
  workloadDashboardVariables,
} from './grafana/embedUrls';
import { Health } from './health';
import {
  assembleServiceMetrics,
  checkChartRange,
  planServiceMetrics,
  ServiceMetrics,
} from './metrics/serviceMetrics';
import { ConfiguredPrometheusProvider, PrometheusProvider } from './prometheus/PrometheusProvider';
import {
  checkClusters,
  checkNamespaces,
  checkReporter,
  checkScope,
  checkService,
  checkWindow,
  listParam,
  QueryParams,
  stringParam,
} from './requestChecks';
import { TopologyService } from './topology/TopologyService';
import { TopologyEdge, TopologyGraph, TopologyNode, TrafficFigures } from './topology/types';
import { TtlCache } from './TtlCache';

/** The body of `GET /meshes/{meshId}/observability`: what the pages can show for a mesh. */
export interface ObservabilityStatus {
  meshId: string;
  prometheus: { configured: boolean };
  grafana: { configured: boolean; dashboardsDirectory: boolean };
}

/** The body of `GET /meshes/{meshId}/services/{namespace}/{service}/health`. */
export interface ServiceHealth {
  meshId: string;
  namespace: string;
  service: string;
  window: string;
  reporter: TopologyGraph['reporter'];
  time: number;
  health: Health;
  /** Requests into the service (all clusters). */
  inbound: TrafficFigures;
  /** Per cluster: health of the traffic there, and of each workload seen. */
  clusters: Array<{ cluster: string; health: Health; workloads: Array<{ name: string; health: Health }> }>;
}

/** One neighbour of a service, with the figures of the edge between them. */
export interface ServiceNeighbour {
  direction: 'inbound' | 'outbound';
  node: Pick<TopologyNode, 'id' | 'kind' | 'name' | 'namespace' | 'cluster' | 'health'>;
  edge: Pick<TopologyEdge, 'protocol' | 'crossCluster' | 'traffic' | 'health' | 'parts'>;
}

/** The body of `GET /meshes/{meshId}/services/{namespace}/{service}/neighbours`. */
export interface ServiceNeighbours {
  meshId: string;
  namespace: string;
  service: string;
  window: string;
  time: number;
  neighbours: ServiceNeighbour[];
}

/** One of Istio's dashboards in the mesh's Grafana. */
export interface GrafanaDashboardLink extends DashboardUrls {
  kind: 'service' | 'workload';
  title: string;
  uid: string;
  /** For workload dashboards. */
  workload?: string;
}

/** The body of `GET /meshes/{meshId}/services/{namespace}/{service}/grafana`. */
export interface GrafanaLinks {
  meshId: string;
  /** A Grafana URL is configured for the mesh. */
  configured: boolean;
  /** Why some dashboards are missing (not found by title, Grafana unreachable). */
  problems: string[];
  dashboards: GrafanaDashboardLink[];
}

/** The body of `GET /meshes/{meshId}/dashboards/{kind}`. */
export interface RenderedDashboard {
  meshId: string;
  kind: DashboardKind;
  title: string;
  source: 'grafana' | 'directory';
  variables: Record<string, string>;
  start: number;
  end: number;
  step: number;
  panels: RenderedPanel[];
}

const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * The observability API of the mesh backend, one method per route; each
 * takes the mesh (already permission-checked by the caller) and the raw
 * query parameters, checks them (400 naming the parameter), and answers the
 * route's body. Prometheus and Grafana faults are ObservabilityUnavailableError
 * (503 with the reason).
 */
export class ObservabilityService {
  private readonly prometheus: PrometheusProvider;
  private readonly topologyService: TopologyService;
  private readonly dashboards: DashboardSource;
  private readonly renders: TtlCache<RenderedPanel[]>;
  private readonly rangeCache: TtlCache<unknown>;

  constructor(
    private readonly config: ObservabilityConfig,
    options: { prometheus?: PrometheusProvider; now?: () => number } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.prometheus = options.prometheus ?? new ConfiguredPrometheusProvider(config);
    this.topologyService = new TopologyService(this.prometheus, config, this.now);
    this.dashboards = new DashboardSource(meshId => config.grafanaFor(meshId));
    this.renders = new TtlCache(config.cacheTtlMs);
    this.rangeCache = new TtlCache(config.cacheTtlMs);
  }

  private readonly now: () => number;

  /** `GET /meshes/{meshId}/observability`. */
  status(mesh: MeshDetail): ObservabilityStatus {
    const grafana = this.config.grafanaFor(mesh.id);
    return {
      meshId: mesh.id,
      prometheus: { configured: this.prometheus.isConfigured(mesh.id) },
      grafana: { configured: !!grafana?.url, dashboardsDirectory: !!grafana?.dashboardsDirectory },
    };
  }

  /** `GET /meshes/{meshId}/topology?namespaces=&service=&clusters=&window=&reporter=`. */
  async topology(mesh: MeshDetail, query: QueryParams): Promise<TopologyGraph> {
    const scope = checkScope(mesh, query);
    const clusters = listParam(query, 'clusters');
    if (clusters) {
      checkClusters(mesh, clusters);
    }
    return this.topologyService.graph(mesh, {
      scope,
      window: checkWindow(stringParam(query, 'window'), this.config.limits, this.config.defaultWindowMs),
      reporter: checkReporter(stringParam(query, 'reporter')),
      clusters,
    });
  }

  private async serviceGraph(mesh: MeshDetail, namespace: string, service: string, query: QueryParams) {
    checkService(mesh, namespace, service);
    const graph = await this.topologyService.graph(mesh, {
      scope: { kind: 'service', namespace, service },
      window: checkWindow(stringParam(query, 'window'), this.config.limits, this.config.defaultWindowMs),
      reporter: checkReporter(stringParam(query, 'reporter')),
    });
    const id = `svc:${namespace}:${service}`;
    return { graph, id, node: graph.nodes.find(n => n.id === id)! };
  }

  /** `GET /meshes/{meshId}/services/{namespace}/{service}/health?window=&reporter=`. */
  async serviceHealth(mesh: MeshDetail, namespace: string, service: string, query: QueryParams): Promise<ServiceHealth> {
    const { graph, node } = await this.serviceGraph(mesh, namespace, service, query);
    return {
      meshId: mesh.id,
      namespace,
      service,
      window: graph.window,
      reporter: graph.reporter,
      time: graph.time,
      health: node.health,
      inbound: node.inbound,
      clusters: node.parts.map(p => ({ cluster: p.cluster, health: p.health, workloads: p.workloads })),
    };
  }

  /** `GET /meshes/{meshId}/services/{namespace}/{service}/neighbours?window=&reporter=`. */
  async serviceNeighbours(
    mesh: MeshDetail,
    namespace: string,
    service: string,
    query: QueryParams,
  ): Promise<ServiceNeighbours> {
    const { graph, id } = await this.serviceGraph(mesh, namespace, service, query);
    const nodes = new Map(graph.nodes.map(n => [n.id, n]));
    const neighbours: ServiceNeighbour[] = graph.edges
      .filter(e => e.source === id || e.target === id)
      .map(e => {
        const other = nodes.get(e.source === id ? e.target : e.source)!;
        return {
          direction: e.target === id ? 'inbound' : 'outbound',
          node: {
            id: other.id,
            kind: other.kind,
            name: other.name,
            ...(other.namespace ? { namespace: other.namespace } : {}),
            ...(other.cluster ? { cluster: other.cluster } : {}),
            health: other.health,
          },
          edge: { protocol: e.protocol, crossCluster: e.crossCluster, traffic: e.traffic, health: e.health, parts: e.parts },
        };
      });
    return { meshId: mesh.id, namespace, service, window: graph.window, time: graph.time, neighbours };
  }

  /** `GET /meshes/{meshId}/services/{namespace}/{service}/metrics?range=&step=&reporter=`. */
  async serviceMetrics(mesh: MeshDetail, namespace: string, service: string, query: QueryParams): Promise<ServiceMetrics> {
    checkService(mesh, namespace, service);
    const reporter = checkReporter(stringParam(query, 'reporter'));
    const settings = this.config.prometheusFor(mesh.id);
    const prometheus = this.prometheus.forMesh(mesh.id);
    const range = checkChartRange(
      { range: stringParam(query, 'range'), step: stringParam(query, 'step') },
      this.config.limits,
      settings?.scrapeIntervalMs ?? 15_000,
      this.now(),
    );
    const plan = planServiceMetrics(namespace, service, reporter, range.rateWindow);
    const key = JSON.stringify(['metrics', mesh.id, namespace, service, reporter, range]);
    const { value } = await this.rangeCache.get(key, async () => {
      const [requests, latency] = await Promise.all([
        prometheus.range(plan.requests, range.start, range.end, range.step),
        prometheus.range(plan.latency, range.start, range.end, range.step),
      ]);
      return assembleServiceMetrics(requests, latency, range);
    });
    return {
      meshId: mesh.id,
      namespace,
      service,
      reporter,
      start: range.start,
      end: range.end,
      step: range.step,
      rateWindow: range.rateWindow,
      clusters: value as ServiceMetrics['clusters'],
    };
  }

  /** `GET /meshes/{meshId}/control-plane/health?window=`. */
  async controlPlaneHealth(mesh: MeshDetail, query: QueryParams): Promise<ControlPlaneHealth> {
    const window = checkWindow(stringParam(query, 'window'), this.config.limits, this.config.defaultWindowMs);
    const { revisionLabel } = this.config.controlPlaneLabels;
    const prometheus = this.prometheus.forMesh(mesh.id);
    const time = Math.floor(this.now() / 1000);
    const selector = controlPlaneSelector(this.config.controlPlaneLabels, mesh.controlPlaneCluster);
    const samples = await prometheus.instant(planControlPlane(selector, revisionLabel, window.promql), time);
    return {
      meshId: mesh.id,
      window: window.promql,
      time,
      revisions: assembleControlPlane(samples, mesh.revisions, revisionLabel, this.config.controlPlaneThresholds),
    };
  }

  /** `GET /meshes/{meshId}/services/{namespace}/{service}/grafana?workloads=&sourceNamespace=&from=&to=`. */
  async grafanaLinks(mesh: MeshDetail, namespace: string, service: string, query: QueryParams): Promise<GrafanaLinks> {
    checkService(mesh, namespace, service);
    const settings = this.config.grafanaFor(mesh.id);
    const sourceNamespace = stringParam(query, 'sourceNamespace');
    if (sourceNamespace) {
      checkNamespaces(mesh, [sourceNamespace], 'sourceNamespace');
    }
    const workloads = listParam(query, 'workloads') ?? [];
    for (const w of workloads) {
      if (!NAME.test(w)) {
        throw new InputError(`workloads: '${w}' is not a Kubernetes workload name`);
      }
    }
    const from = stringParam(query, 'from') ?? 'now-1h';
    const to = stringParam(query, 'to') ?? 'now';
    for (const [name, value] of [
      ['from', from],
      ['to', to],
    ]) {
      if (!/^(now(-\d+[smhdwMy])?|\d{10,16})$/.test(value)) {
        throw new InputError(`${name}: '${value}' is not a Grafana time; expected now, now-<n><unit> or epoch milliseconds`);
      }
    }
    if (!settings?.url) {
      return { meshId: mesh.id, configured: false, problems: [], dashboards: [] };
    }
    const hostname = mesh.services.find(s => s.namespace === namespace && s.name === service)!.hostname;
    const problems: string[] = [];
    const dashboards: GrafanaDashboardLink[] = [];
    const base = { grafanaUrl: settings.url, orgId: settings.orgId, from, to };
    for (const kind of ['service', 'workload'] as const) {
      let hit;
      try {
        hit = await this.dashboards.search(mesh.id, kind);
      } catch (error) {
        problems.push((error as Error).message);
        continue;
      }
      if (!hit) {
        problems.push(`Grafana has no dashboard titled '${settings.dashboardTitles[kind]}'`);
        continue;
      }
      const link = (variables: Record<string, string>) => dashboardUrls({ ...base, path: hit.url, variables });
      if (kind === 'service') {
        const urls = link(serviceDashboardVariables(hostname, namespace, sourceNamespace));
        dashboards.push({ kind, title: hit.title, uid: hit.uid, ...urls });
      } else {
        for (const workload of workloads) {
          const urls = link(workloadDashboardVariables(namespace, workload, sourceNamespace));
          dashboards.push({ kind, title: hit.title, uid: hit.uid, workload, ...urls });
        }
      }
    }
    return { meshId: mesh.id, configured: true, problems, dashboards };
  }

  /** `GET /meshes/{meshId}/dashboards/{kind}?service=&namespace=&workload=&reporter=&range=&step=&panels=`. */
  async renderDashboard(mesh: MeshDetail, kindParam: string, query: QueryParams): Promise<RenderedDashboard> {
    if (!DASHBOARD_KINDS.includes(kindParam as DashboardKind)) {
      throw new InputError(`kind: '${kindParam}' is not a dashboard; expected one of ${DASHBOARD_KINDS.join(', ')}`);
    }
    const kind = kindParam as DashboardKind;
    const variables = this.dashboardVariables(mesh, kind, query);
    const panelIds = listParam(query, 'panels')?.map(p => {
      if (!/^\d+$/.test(p)) {
        throw new InputError(`panels: '${p}' is not a panel id; expected numbers, e.g. panels=12,14`);
      }
      return Number(p);
    });
    const settings = this.config.prometheusFor(mesh.id);
    const prometheus = this.prometheus.forMesh(mesh.id);
    const scrapeIntervalMs = settings?.scrapeIntervalMs ?? 15_000;
    const range = checkChartRange(
      { range: stringParam(query, 'range'), step: stringParam(query, 'step') },
      this.config.limits,
      scrapeIntervalMs,
      this.now(),
    );
    const dashboard = await this.dashboards.load(mesh.id, kind);
    const panels = selectPanels(dashboard.json, panelIds, this.config.limits.maxPanelQueries);
    const key = JSON.stringify(['render', mesh.id, kind, dashboard.source, variables, range, panelIds ?? 'all']);
    const { value } = await this.renders.get(key, () =>
      renderPanels(prometheus, {
        panels,
        variables,
        range,
        scrapeIntervalMs,
        maxQueries: this.config.limits.maxPanelQueries,
      }),
    );
    return {
      meshId: mesh.id,
      kind,
      title: dashboard.title,
      source: dashboard.source,
      variables,
      start: range.start,
      end: range.end,
      step: range.step,
      panels: value,
    };
  }

  /**
   * The dashboard variables Meshfleet fills: the service, namespace and
   * workload from checked parameters, the reporter, and "All" (`.*`) for
   * the dashboards' filters.
   */
  private dashboardVariables(mesh: MeshDetail, kind: DashboardKind, query: QueryParams): Record<string, string> {
    const reporter = checkReporter(stringParam(query, 'reporter') ?? 'destination');
    const qrep = reporter === 'both' ? 'source|destination' : reporter;
    const base = { datasource: 'prometheus' };
    const all = '.*';
    switch (kind) {
      case 'service': {
        const ref = stringParam(query, 'service');
        const namespace = stringParam(query, 'namespace');
        if (!ref || !namespace) {
          throw new InputError('service and namespace: required for the service dashboard, e.g. namespace=shop&service=cart');
        }
        checkService(mesh, namespace, ref);
        const hostname = mesh.services.find(s => s.namespace === namespace && s.name === ref)!.hostname;
        return {
          ...base,
          service: hostname,
          qrep,
          srccluster: all,
          srcns: all,
          srcwl: all,
          dstcluster: all,
          dstns: all,
          dstwl: all,
        };
      }
      case 'workload': {
        const namespace = stringParam(query, 'namespace');
        const workload = stringParam(query, 'workload');
        if (!namespace || !workload) {
          throw new InputError('namespace and workload: required for the workload dashboard, e.g. namespace=shop&workload=cart-v1');
        }
        checkNamespaces(mesh, [namespace], 'namespace');
        if (!NAME.test(workload)) {
          throw new InputError(`workload: '${workload}' is not a Kubernetes workload name`);
        }
        return { ...base, namespace, workload, qrep, srcns: all, srcwl: all, dstsvc: all };
      }
      default:
        return base;
    }
  }
}
