import type { MeshDetail, MeshView, TopologyGraph, TopologyNode } from '@meshfleet/plugin-mesh-common';
import type { TrafficSource } from './stateLoader';
import type { RecentTraffic, TrafficEdge } from './types';

/*
 * The mesh's recent traffic from the observability topology (Prometheus,
 * destination-reported): a caller the destination's proxy could not
 * identify (`unknown`) has no sidecar, since sidecars send their identity
 * with every request.
 */

/** What MSH0002 needs of the observability service. */
export interface TopologyReader {
  status(mesh: MeshDetail): { prometheus: { configured: boolean } };
  topology(mesh: MeshDetail, query: Record<string, unknown>): Promise<TopologyGraph>;
}

function edgesOf(graph: TopologyGraph): TrafficEdge[] {
  const nodes = new Map<string, TopologyNode>(graph.nodes.map(n => [n.id, n]));
  return graph.edges.flatMap(edge => {
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source || !target || target.kind !== 'service' || !target.namespace) return [];
    return [
      {
        source: { kind: source.kind, ...(source.namespace ? { namespace: source.namespace } : {}), name: source.name },
        target: { namespace: target.namespace, name: target.name },
        sourceWithoutSidecar: source.kind === 'unknown',
        requestsPerSecond: edge.traffic.requestRate,
      },
    ];
  });
}

/** A TrafficSource on the observability service. */
export function observabilityTraffic(observability: TopologyReader): TrafficSource {
  return {
    async recentTraffic(mesh: MeshView): Promise<RecentTraffic> {
      if (!('services' in mesh)) return { skipped: 'the mesh model has no services for this request' };
      const detail = mesh as MeshDetail;
      if (!observability.status(detail).prometheus.configured) {
        return { skipped: `no Prometheus is configured for mesh '${mesh.id}', so its recent callers are unknown` };
      }
      const graph = await observability.topology(detail, { reporter: 'destination' });
      return { window: graph.window, edges: edgesOf(graph) };
    },
  };
}
