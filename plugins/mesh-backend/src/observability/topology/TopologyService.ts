import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import { ObservabilityConfig } from '../config';
import { PrometheusProvider } from '../prometheus/PrometheusProvider';
import { TtlCache } from '../TtlCache';
import { assembleTopology, PlanResults } from './assemble';
import { planTopology } from './plan';
import { Reporter, TopologyGraph, TopologyScope } from './types';

/** A checked topology request. */
export interface TopologyRequest {
  scope: TopologyScope;
  window: { ms: number; promql: string };
  reporter: Reporter;
  /** Backstage cluster names; only parts touching them. */
  clusters?: string[];
}

interface CachedAnswers {
  time: number;
  results: PlanResults;
}

/**
 * Runs topology plans against a mesh's Prometheus and assembles graphs. The
 * plan's answers are cached per (mesh, scope, window, reporter) for
 * `cacheTtlMs` with in-flight deduplication; assembly (cheap, pure) runs per
 * request, so cluster filters share the cache.
 */
export class TopologyService {
  private readonly cache: TtlCache<CachedAnswers>;

  constructor(
    private readonly prometheus: PrometheusProvider,
    private readonly config: ObservabilityConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.cache = new TtlCache(config.cacheTtlMs);
  }

  async graph(mesh: MeshDetail, request: TopologyRequest): Promise<TopologyGraph> {
    const plan = planTopology({ scope: request.scope, window: request.window.promql, reporter: request.reporter });
    const key = JSON.stringify([mesh.id, request.scope, request.window.promql, request.reporter]);
    const { value, cached } = await this.cache.get(key, async () => {
      const prometheus = this.prometheus.forMesh(mesh.id);
      const time = Math.floor(this.now() / 1000);
      const answers = await Promise.all(plan.map(q => prometheus.instant(q.promql, time)));
      const results = Object.fromEntries(plan.map((q, i) => [q.id, answers[i]])) as PlanResults;
      return { time, results };
    });
    const { nodes, edges } = assembleTopology({
      results: value.results,
      services: mesh.services,
      scope: request.scope,
      thresholds: this.config.thresholds,
      clusters: request.clusters,
    });
    return {
      meshId: mesh.id,
      scope: request.scope,
      window: request.window.promql,
      reporter: request.reporter,
      time: value.time,
      queryCount: plan.length,
      cached,
      nodes,
      edges,
    };
  }
}
