import { TopologyGraph } from '@meshfleet/plugin-mesh-common';
// The mesh backend's golden graph, the one source of the graph's shape for these
// tests (a copy would drift). Test data only, so no dependency on the backend package.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import golden from '../../../mesh-backend/src/observability/testdata/graphs/demo-namespaces-both.json';

/**
 * The demo shop's graph as the mesh backend assembled it from Prometheus
 * answers recorded while the traffic simulator ran (its golden file).
 */
export function demoGraph(): TopologyGraph {
  return {
    meshId: 'demo',
    scope: { kind: 'namespace', namespaces: ['payments', 'shop'] },
    window: '5m',
    reporter: 'both',
    time: 1_790_000_000,
    queryCount: 5,
    cached: false,
    ...(golden as Pick<TopologyGraph, 'nodes' | 'edges'>),
  };
}

/** A mesh of `services` services in `namespaces` namespaces over 5 clusters with `edges` edges (deterministic). */
export function largeGraph(services: number, namespaces: number, edges: number): TopologyGraph {
  const base = demoGraph();
  const templateNode = base.nodes[0];
  const templateEdge = base.edges[0];
  const clusters = ['c1', 'c2', 'c3', 'c4', 'c5'];
  const nodes = Array.from({ length: services }, (_, i) => {
    const namespace = `ns-${i % namespaces}`;
    const cluster = clusters[i % clusters.length];
    return {
      ...templateNode,
      id: `svc:${namespace}:s${i}`,
      name: `s${i}`,
      namespace,
      clusters: [cluster],
      parts: [{ cluster, workloads: [], health: templateNode.health }],
    };
  });
  const list = Array.from({ length: edges }, (_, i) => {
    const source = nodes[(i * 7) % services];
    const target = nodes[(i * 13 + 1) % services];
    return {
      ...templateEdge,
      id: `${source.id}->${target.id}:${i}`,
      source: source.id,
      target: target.id,
      parts: [{ sourceCluster: source.clusters[0], destinationCluster: target.clusters[0], crossCluster: source.clusters[0] !== target.clusters[0], traffic: templateEdge.traffic }],
    };
  });
  return { ...base, scope: { kind: 'mesh' }, nodes, edges: list.filter(e => e.source !== e.target) };
}
