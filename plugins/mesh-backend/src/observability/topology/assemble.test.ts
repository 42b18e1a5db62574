import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import { golden, readTestdata } from '../__testUtils__/golden';
import { DEFAULT_THRESHOLDS } from '../health';
import { InstantSample } from '../prometheus/types';
import { assembleTopology, PlanResults } from './assemble';
import { keyOf, quantilesByKey } from './latency';
import { LATENCY_EDGE_LABELS, LATENCY_PART_LABELS, LATENCY_SERVICE_LABELS } from './plan';
import { TopologyScope } from './types';

/*
 * Graph assembly from Prometheus answers recorded with
 * testdata/record-prometheus.py (real Prometheus scraping tools/trafficsim's
 * demo shop), replayed here; the graphs are golden files.
 */

const mesh = readTestdata<MeshDetail>('mesh-demo.json');

/**
 * A recording's answers by query id (the demo recordings also hold
 * Prometheus' own `histogram_quantile` answers, `latency-parts`, `-edges` and
 * `-services`, as a check); a query the plan gained after it was recorded
 * answers nothing.
 */
function recordedAnswers(name: string): Record<string, InstantSample[]> {
  const doc = readTestdata(`recorded/${name}.json`);
  const toSamples = (result: Array<{ metric: Record<string, string>; value: [number, string] }>): InstantSample[] =>
    result.map(s => ({ metric: s.metric, value: s.value[1] === '+Inf' ? Infinity : Number(s.value[1]) }));
  const answers: Record<string, InstantSample[]> = { 'latency-buckets': [] };
  for (const [id, result] of Object.entries(doc.results)) answers[id] = toSamples(result as any);
  return answers;
}

function recorded(name: string): PlanResults {
  return recordedAnswers(name) as PlanResults;
}

function graphOf(name: string, scope: TopologyScope, clusters?: string[]) {
  return assembleTopology({ results: recorded(name), services: mesh.services, scope, thresholds: DEFAULT_THRESHOLDS, clusters });
}

describe('assembleTopology (recorded answers, golden graphs)', () => {
  it.each<[string, TopologyScope]>([
    ['demo-namespaces-both', { kind: 'namespace', namespaces: ['payments', 'shop'] }],
    ['demo-service-both', { kind: 'service', namespace: 'shop', service: 'cart' }],
    ['demo-mesh-source', { kind: 'mesh' }],
    ['faults-namespaces-both', { kind: 'namespace', namespaces: ['payments', 'shop'] }],
    ['faults-mesh-destination', { kind: 'mesh' }],
  ])('%s', (name, scope) => {
    const actual = `${JSON.stringify(graphOf(name, scope), null, 1)}\n`;
    expect(actual).toEqual(golden(`graphs/${name}.json`, actual));
  });

  it('makes one node per mesh service across clusters, with per-cluster parts', () => {
    const { nodes } = graphOf('demo-namespaces-both', { kind: 'namespace', namespaces: ['payments', 'shop'] });
    expect(nodes.map(n => n.id)).toEqual([
      'svc:payments:ledger',
      'svc:payments:payments',
      'svc:shop:cart',
      'svc:shop:catalog',
      'svc:shop:checkout',
      'svc:shop:frontend',
    ]);
    const catalog = nodes.find(n => n.id === 'svc:shop:catalog')!;
    expect(catalog.parts.map(p => [p.cluster, p.workloads.map(w => w.name)])).toEqual([
      ['east', ['catalog-v1', 'catalog-v2']],
      ['west', ['catalog-v1', 'catalog-v2']],
    ]);
  });

  it('marks the cluster pairs that cross clusters', () => {
    const { edges } = graphOf('demo-namespaces-both', { kind: 'namespace', namespaces: ['payments', 'shop'] });
    const toCatalog = edges.find(e => e.id === 'svc:shop:frontend->svc:shop:catalog:http')!;
    expect(toCatalog.crossCluster).toBe(true);
    expect(toCatalog.parts.map(p => `${p.sourceCluster}->${p.destinationCluster}:${p.crossCluster}`)).toEqual([
      'east->east:false',
      'east->west:true',
      'west->east:true',
      'west->west:false',
    ]);
    const toCart = edges.find(e => e.id === 'svc:shop:frontend->svc:shop:cart:http')!;
    expect(toCart.crossCluster).toBe(false);
    expect(edges.find(e => e.protocol === 'tcp')!.id).toBe('svc:payments:payments->svc:payments:ledger:tcp');
  });

  it("gives a service node the inbound latency of all its callers and clusters, unless filtered to some clusters", () => {
    // Two callers in two clusters: 10 requests/s at or below 10 ms, 10 more at or below 100 ms.
    const bucket = (sourceCluster: string, le: string, value: number): InstantSample => ({
      metric: {
        source_cluster: sourceCluster,
        source_workload_namespace: 'shop',
        source_canonical_service: 'frontend',
        destination_cluster: 'east',
        destination_service_namespace: 'shop',
        destination_service_name: 'catalog',
        request_protocol: 'http',
        le,
      },
      value,
    });
    const buckets = [
      ...[['10', 10], ['100', 10], ['+Inf', 10]].map(([le, v]) => bucket('east', le as string, v as number)),
      ...[['10', 0], ['100', 10], ['+Inf', 10]].map(([le, v]) => bucket('west', le as string, v as number)),
    ];
    const results = { ...recorded('demo-namespaces-both'), 'latency-buckets': buckets };
    const graph = (clusters?: string[]) =>
      assembleTopology({ results, services: mesh.services, scope: { kind: 'namespace', namespaces: ['shop'] }, thresholds: DEFAULT_THRESHOLDS, clusters });
    const inbound = (clusters?: string[]) => graph(clusters).nodes.find(n => n.id === 'svc:shop:catalog')!.inbound;
    // Ranks 10, 19 and 19.8 of 20: the 10 ms bucket's top, then 90 % and 98 % into (10, 100].
    expect(inbound().latencyMs).toEqual({ p50: 10, p95: 91, p99: 98.2 });
    expect(inbound(['west']).latencyMs).toEqual({ p50: null, p95: null, p99: null });
    expect(graph().nodes.find(n => n.id === 'svc:shop:cart')!.inbound.latencyMs).toEqual({ p50: null, p95: null, p99: null });
  });

  describe.each(['demo-namespaces-both', 'demo-service-both', 'demo-mesh-source'])(
    'quantiles from the recorded buckets of %s',
    name => {
      // Recorded at the same instant: Prometheus' own histogram_quantile per
      // grouping, the old plan's three latency queries.
      const answers = recordedAnswers(name);
      it.each<[string, string[]]>([
        ['latency-parts', LATENCY_PART_LABELS],
        ['latency-edges', LATENCY_EDGE_LABELS],
        ['latency-services', LATENCY_SERVICE_LABELS],
      ])("equal Prometheus' %s", (id, labels) => {
        const ours = quantilesByKey(answers['latency-buckets'], labels);
        const field = { '0.5': 'p50', '0.95': 'p95', '0.99': 'p99' } as const;
        expect(answers[id].length).toBeGreaterThan(0);
        expect(ours.size * 3).toBe(answers[id].length);
        // Ours is rounded to 3 decimals (as the graph shows it); the bucket sums
        // differ from Prometheus' only in the order of float additions. NaN (a
        // grouping whose buckets are all empty) is null in the graph.
        const differs = ({ metric, value }: InstantSample) => {
          const q = ours.get(keyOf(metric, labels))?.[field[metric.quantile as keyof typeof field]];
          return Number.isNaN(value) ? q !== null : typeof q !== 'number' || Math.abs(q - value) > 0.0005 + 1e-9;
        };
        expect(answers[id].filter(differs)).toEqual([]);
      });
    },
  );

  it('keeps only parts touching the requested clusters', () => {
    const { edges } = graphOf('demo-namespaces-both', { kind: 'namespace', namespaces: ['payments', 'shop'] }, ['west']);
    const toCatalog = edges.find(e => e.id === 'svc:shop:frontend->svc:shop:catalog:http')!;
    expect(toCatalog.parts.map(p => `${p.sourceCluster}->${p.destinationCluster}`)).toEqual([
      'east->west',
      'west->east',
      'west->west',
    ]);
  });

  it('cannot know mTLS from the client side only', () => {
    const { edges } = graphOf('demo-mesh-source', { kind: 'mesh' });
    expect(edges.every(e => e.traffic.mtlsShare === null)).toBe(true);
  });

  describe('recorded from a simulator following the fleet’s real pods (testdata/recorded/faults-*)', () => {
    // frontend -> ghost (no pods: 503 UH, source-reported only), istiod (no
    // sidecar) -> ledger, frontend -> ledger with 15 % 404, frontend (east)
    // -> ledger (west) gRPC with 50 % errors.
    const graph = graphOf('faults-namespaces-both', { kind: 'namespace', namespaces: ['payments', 'shop'] });
    const edge = (id: string) => graph.edges.find(e => e.id === id)!;

    it('adds what never reached a server sidecar from the client’s telemetry, without mTLS', () => {
      const ghost = edge('svc:shop:frontend->ext:ghost.shop:http');
      expect(ghost.traffic).toMatchObject({ requestRate: 2, errors: { http5xx: 2 }, mtlsShare: null });
      expect(ghost.health.status).toBe('failing');
      expect(graph.nodes.find(n => n.id === 'ext:ghost.shop')).toMatchObject({ kind: 'external', inScope: true });
    });

    it('shows callers without a sidecar as the unknown node, over plain text', () => {
      const fromUnknown = edge('unknown->svc:payments:ledger:http');
      expect(fromUnknown.traffic).toMatchObject({ requestRate: 1, mtlsShare: 0 });
      expect(fromUnknown.parts.map(p => [p.sourceCluster, p.destinationCluster, p.crossCluster])).toEqual([
        ['unknown', 'east', false],
      ]);
      expect(graph.nodes.find(n => n.id === 'unknown')).toMatchObject({ kind: 'unknown', inScope: false });
    });

    it('keeps 4xx and gRPC errors apart and judges each with its thresholds', () => {
      const toLedger = edge('svc:shop:frontend->svc:payments:ledger:http');
      expect(toLedger.traffic.errors).toEqual({ http4xx: 0.45, http5xx: 0, grpc: 0, noResponse: 0 });
      expect(toLedger.health).toEqual({ status: 'degraded', reason: '4xx 15.0 % of requests (degraded at >= 10 %)' });
      const grpc = edge('svc:shop:frontend->svc:payments:ledger:grpc');
      expect(grpc).toMatchObject({ crossCluster: true, traffic: { errors: { grpc: 1 }, mtlsShare: 1 } });
      expect(grpc.health.status).toBe('failing');
    });
  });
});
