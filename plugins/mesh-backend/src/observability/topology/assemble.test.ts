import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import { golden, readTestdata } from '../__testUtils__/golden';
import { DEFAULT_THRESHOLDS } from '../health';
import { InstantSample } from '../prometheus/types';
import { assembleTopology, PlanResults } from './assemble';
import { TopologyScope } from './types';

/*
 * Graph assembly from Prometheus answers recorded with
 * testdata/record-prometheus.py (real Prometheus scraping tools/trafficsim's
 * demo shop), replayed here; the graphs are golden files.
 */

const mesh = readTestdata<MeshDetail>('mesh-demo.json');

/** A recording's answers; a query the plan gained after it was recorded answers nothing. */
function recorded(name: string): PlanResults {
  const doc = readTestdata(`recorded/${name}.json`);
  const toSamples = (result: Array<{ metric: Record<string, string>; value: [number, string] }>): InstantSample[] =>
    result.map(s => ({ metric: s.metric, value: Number(s.value[1]) }));
  const answers: Record<string, InstantSample[]> = { 'latency-services': [] };
  for (const [id, result] of Object.entries(doc.results)) answers[id] = toSamples(result as any);
  return answers as PlanResults;
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
    const quantile = (q: string, value: number): InstantSample => ({
      metric: { destination_service_namespace: 'shop', destination_service_name: 'catalog', quantile: q },
      value,
    });
    const results = { ...recorded('demo-namespaces-both'), 'latency-services': [quantile('0.5', 12), quantile('0.95', 48.5), quantile('0.99', 97)] };
    const graph = (clusters?: string[]) =>
      assembleTopology({ results, services: mesh.services, scope: { kind: 'namespace', namespaces: ['shop'] }, thresholds: DEFAULT_THRESHOLDS, clusters });
    const inbound = (clusters?: string[]) => graph(clusters).nodes.find(n => n.id === 'svc:shop:catalog')!.inbound;
    expect(inbound().latencyMs).toEqual({ p50: 12, p95: 48.5, p99: 97 });
    expect(inbound(['west']).latencyMs).toEqual({ p50: null, p95: null, p99: null });
    expect(graph().nodes.find(n => n.id === 'svc:shop:cart')!.inbound.latencyMs).toEqual({ p50: null, p95: null, p99: null });
  });

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
