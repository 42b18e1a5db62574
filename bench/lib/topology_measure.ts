/*
 * Helper of bench/topology (run with `node -r sucrase/register`): times the
 * whole-mesh graph two ways, interleaved so that the machine's other load
 * falls on both alike.
 *
 * - Meshfleet: `GET /api/mesh/meshes/{id}/topology?window=W` of the bench's
 *   real backend, whose graph cache is off (meshfleet.observability.cacheTtl 0),
 *   so every call runs the whole plan against Prometheus (each answer is
 *   checked to say `cached: false`). Timed from the request to the parsed body.
 * - The peer, Kiali's way: one plan per namespace (mesh-backend's own planner
 *   with a namespace scope: the same four queries, per namespace), four
 *   queries in flight at a time as the product's one plan has, each answer
 *   assembled by mesh-backend's assembly, the namespace graphs stitched into
 *   one (a node from its own namespace's graph, an edge once). In process, so
 *   it pays no HTTP hop or JSON of the whole graph: the comparison favours it.
 *
 * Queries are counted by the bench's counting proxy in front of Prometheus,
 * which both go through. Prints one JSON line.
 *
 * Env: BACKEND_URL, TOKEN, MESH_ID, PROXY_URL, WINDOW (10m), BUILDS (20),
 * PROMETHEUS_TIMEOUT_MS (60000).
 */
import { performance } from 'node:perf_hooks';
import { ConfigReader } from '@backstage/config';
import type { MeshDetail } from '@meshfleet/plugin-mesh-common';
import { readObservabilityConfig } from '../../plugins/mesh-backend/src/observability/config';
import { PrometheusClient } from '../../plugins/mesh-backend/src/observability/prometheus/PrometheusClient';
import { assembleTopology, PlanResults } from '../../plugins/mesh-backend/src/observability/topology/assemble';
import { planTopology, PlannedQuery } from '../../plugins/mesh-backend/src/observability/topology/plan';
import type { TopologyEdge, TopologyGraph, TopologyNode } from '../../plugins/mesh-backend/src/observability/topology/types';

const backendUrl = process.env.BACKEND_URL!;
const token = process.env.TOKEN!;
const meshId = process.env.MESH_ID!;
const proxyUrl = process.env.PROXY_URL!;
const window = process.env.WINDOW ?? '10m';
const builds = Number(process.env.BUILDS ?? 20);
const timeoutMs = Number(process.env.PROMETHEUS_TIMEOUT_MS ?? 60_000);
const PEER_CONCURRENCY = 4;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}: ${body.slice(0, 500)}`);
  return JSON.parse(body) as T;
}

async function queriesSoFar(): Promise<number> {
  const response = await fetch(`${proxyUrl}/__bench/queries`);
  return ((await response.json()) as { queries: number }).queries;
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]);
}

async function apiGraph(): Promise<TopologyGraph> {
  const graph = await getJson<TopologyGraph>(
    `${backendUrl}/api/mesh/meshes/${encodeURIComponent(meshId)}/topology?window=${window}`,
  );
  if (graph.cached) throw new Error('the backend answered from its cache; the bench needs meshfleet.observability.cacheTtl 0');
  return graph;
}

/** Runs `tasks` with at most `limit` in flight. */
async function pooled<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** The peer: one plan per namespace, then the namespace graphs stitched. */
function perNamespacePeer(mesh: MeshDetail, client: PrometheusClient) {
  const thresholds = readObservabilityConfig(new ConfigReader({})).thresholds;
  const namespaces = [...new Set(mesh.services.map(s => s.namespace))].sort();
  return async () => {
    const time = Math.floor(Date.now() / 1000);
    const plans = namespaces.map(ns => ({
      ns,
      plan: planTopology({ scope: { kind: 'namespace', namespaces: [ns] }, window, reporter: 'both' }),
    }));
    const tasks = plans.flatMap(({ plan }) => plan.map(q => () => client.instant(q.promql, time)));
    const answers = await pooled(tasks, PEER_CONCURRENCY);
    const nodes = new Map<string, TopologyNode>();
    const edges = new Map<string, TopologyEdge>();
    let at = 0;
    for (const { ns, plan } of plans) {
      const results = Object.fromEntries(plan.map((q: PlannedQuery) => [q.id, answers[at++]])) as PlanResults;
      const graph = assembleTopology({ results, services: mesh.services, scope: { kind: 'namespace', namespaces: [ns] }, thresholds });
      for (const node of graph.nodes) {
        // A node's own namespace sees all its traffic; a neighbour's sees only the part touching it.
        if (!nodes.has(node.id) || node.inScope) nodes.set(node.id, node);
      }
      for (const edge of graph.edges) if (!edges.has(edge.id)) edges.set(edge.id, edge);
    }
    return { nodes: nodes.size, edges: edges.size, namespaces: namespaces.length };
  };
}

async function main() {
  const mesh = await getJson<MeshDetail>(`${backendUrl}/api/mesh/meshes/${encodeURIComponent(meshId)}`);
  const client = new PrometheusClient({ url: proxyUrl, timeoutMs, scrapeIntervalMs: 30_000 }, 'bench peer');
  const peer = perNamespacePeer(mesh, client);

  // One of each first (warm-up, not timed), with their query counts.
  let before = await queriesSoFar();
  const apiFirst = await apiGraph();
  const apiQueries = (await queriesSoFar()) - before;
  before = await queriesSoFar();
  const peerFirst = await peer();
  const peerQueries = (await queriesSoFar()) - before;

  const apiMs: number[] = [];
  const peerMs: number[] = [];
  let sizes = { api: { nodes: 0, edges: 0 }, peer: { nodes: 0, edges: 0 } };
  for (let i = 0; i < builds; i++) {
    const [graph, a] = await timed(apiGraph);
    const [stitched, p] = await timed(peer);
    if (graph.edges.length !== apiFirst.edges.length || stitched.edges !== peerFirst.edges) {
      throw new Error(`the graph changed during the run (${graph.edges.length} edges, per-namespace ${stitched.edges}): the samples left the window?`);
    }
    apiMs.push(a);
    peerMs.push(p);
    sizes = { api: { nodes: graph.nodes.length, edges: graph.edges.length }, peer: { nodes: stitched.nodes, edges: stitched.edges } };
  }
  console.log(
    JSON.stringify({
      services: mesh.services.length,
      namespaces: peerFirst.namespaces,
      api_nodes: sizes.api.nodes,
      api_edges: sizes.api.edges,
      api_cross_cluster_edges: apiFirst.edges.filter(e => e.crossCluster).length,
      api_multi_cluster_nodes: apiFirst.nodes.filter(n => n.clusters.length > 1).length,
      peer_nodes: sizes.peer.nodes,
      peer_edges: sizes.peer.edges,
      builds,
      window,
      api_p95_ms: p95(apiMs),
      api_median_ms: median(apiMs),
      per_namespace_p95_ms: p95(peerMs),
      per_namespace_median_ms: median(peerMs),
      prom_queries: apiQueries,
      api_query_count_field: apiFirst.queryCount,
      per_namespace_queries: peerQueries,
    }),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
