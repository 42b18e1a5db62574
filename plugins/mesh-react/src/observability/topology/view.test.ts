import { layoutTopology } from './layout';
import { demoGraph, largeGraph } from '../../__testUtils__/testGraphs';
import { buildTopologyView, filterTopology } from './view';

describe('topology view', () => {
  it('boxes the demo graph by namespace and keeps one node per service', () => {
    const view = buildTopologyView(demoGraph(), { grouping: 'namespace', collapsed: new Set() });
    expect(view.groups.map(g => `${g.id}:${g.size}`)).toEqual(['ns:payments:2', 'ns:shop:4']);
    expect(view.items.map(i => i.id)).toContain('svc:shop:catalog');
    expect(view.edges).toHaveLength(5);
    expect(view.edges.find(e => e.id === 'svc:shop:frontend->svc:shop:catalog')!.crossCluster).toBe(true);
  });

  it('splits services by cluster and draws each cluster pair, marking the ones that cross', () => {
    const view = buildTopologyView(demoGraph(), { grouping: 'cluster', collapsed: new Set() });
    expect(view.groups.map(g => g.id)).toEqual(['cluster:east', 'cluster:west']);
    const catalogEdges = view.edges.filter(e => e.target.startsWith('svc:shop:catalog@'));
    expect(catalogEdges.map(e => `${e.source}->${e.target}:${e.crossCluster}`).sort()).toEqual([
      'svc:shop:frontend@east->svc:shop:catalog@east:false',
      'svc:shop:frontend@east->svc:shop:catalog@west:true',
      'svc:shop:frontend@west->svc:shop:catalog@east:true',
      'svc:shop:frontend@west->svc:shop:catalog@west:false',
    ]);
  });

  it('collapses a group into one node and sums the edges that run into it', () => {
    const graph = demoGraph();
    const view = buildTopologyView(graph, { grouping: 'namespace', collapsed: new Set(['ns:payments']) });
    expect(view.items.some(i => i.group === 'ns:payments')).toBe(false);
    const into = view.edges.find(e => e.target === 'ns:payments')!;
    expect(into.source).toBe('svc:shop:checkout');
    expect(into.requestRate).toBeCloseTo(graph.edges.find(e => e.id === 'svc:shop:checkout->svc:payments:payments:grpc')!.traffic.requestRate);
    // payments -> ledger is inside the collapsed group: not drawn.
    expect(view.edges.some(e => e.source === 'ns:payments')).toBe(false);
  });

  it('filters by protocol and by health, keeping the neighbours of what stays', () => {
    const graph = demoGraph();
    const grpc = filterTopology(graph, { protocols: ['grpc'] });
    expect(grpc.edges.map(e => e.protocol)).toEqual(['grpc', 'grpc']);
    expect(grpc.nodes.map(n => n.name).sort()).toEqual(['cart', 'checkout', 'payments']);
    const status = graph.nodes.find(n => n.name === 'ledger')!.health.status;
    const byHealth = filterTopology(graph, { health: [status] });
    expect(byHealth.nodes.map(n => n.name)).toContain('ledger');
  });

  it('lays out 1,000 services and 5,000 edges collapsed by namespace, every visible node placed', () => {
    const graph = largeGraph(1000, 40, 5000);
    const groups = new Set(graph.nodes.map(n => `ns:${n.namespace}`));
    const view = buildTopologyView(graph, { grouping: 'namespace', collapsed: groups });
    expect(view.items).toHaveLength(0);
    expect(view.groups).toHaveLength(40);
    const placements = layoutTopology(view);
    expect(view.groups.every(g => placements.has(g.id))).toBe(true);
    // One group expanded: its 25 services are placed inside its box.
    const expanded = buildTopologyView(graph, { grouping: 'namespace', collapsed: new Set([...groups].filter(g => g !== 'ns:ns-0')) });
    const inside = layoutTopology(expanded);
    expect(expanded.items).toHaveLength(25);
    expect(expanded.items.every(i => inside.get(i.id)!.parent === 'ns:ns-0')).toBe(true);
  });
});
