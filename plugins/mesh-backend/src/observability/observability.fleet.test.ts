import { ConfigReader } from '@backstage/config';
import { ensureFleet, FleetEnv } from '@meshfleet/fleet';
import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TESTDATA } from './__testUtils__/golden';
import { readObservabilityConfig } from './config';
import { ObservabilityService } from './ObservabilityService';
import { TopologyEdge, TopologyGraph } from './topology/types';
import { eventually } from './__testUtils__/eventually';

/*
 * The observability API against the fleet's real Prometheus scraping the
 * traffic simulator (tools/trafficsim), which follows the real pods and
 * PeerAuthentications of the fleet's clusters. The demo shop's graph must
 * equal the simulator's call graph with rates within 10 %; errors injected on
 * an edge of this test's own must turn the service degraded within two
 * scrape intervals; the mTLS share must follow a PeerAuthentication. Changes
 * use this test's own simulator edge and PeerAuthentication (prefix
 * `obs-it-`), removed afterwards, so the demo stays as it was. The
 * PeerAuthentication goes where a mesh's policies take effect: its
 * control-plane cluster (members are remotes; istiod reads no policy there).
 */

jest.setTimeout(300_000);

const exec = promisify(execFile);
const PREFIX = 'obs-it-';
/** The demo mesh's control-plane cluster: its istiod reads the mesh's policies there. */
const CONTROL_PLANE = 'mesh-cp';
const DEMO_NAMESPACES = ['payments', 'shop'];

type SimWorkload = { id: string; cluster: string; namespace: string; name: string; app: string; service: string };
type SimEdge = { id: string; from: string; to: string; protocol?: 'http' | 'grpc' | 'tcp'; rps: number; errorRatio?: number };
type SimGraph = { workloads: SimWorkload[]; edges: SimEdge[] };
type SimFlow = { share: number; sourceSidecar: boolean; destSidecar: boolean; mutualTLS: boolean; noEndpoints?: boolean };
type SimMesh = { edges: Record<string, SimFlow[]> };

interface Fleet extends FleetEnv {
  prometheusUrl: string;
  trafficsimUrl: string;
}

let fleet: Fleet;
let scrapeIntervalMs: number;

async function sim<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${fleet.trafficsimUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    throw new Error(`trafficsim ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as T;
}

/** The envoy-stats job's scrape interval, as Prometheus reports it. */
async function readScrapeInterval(): Promise<number> {
  const res = await fetch(`${fleet.prometheusUrl}/api/v1/targets`);
  const targets = ((await res.json()) as any).data.activeTargets as Array<{ scrapeInterval: string; labels: any }>;
  const interval = targets.find(t => t.labels.job === 'envoy-stats')?.scrapeInterval ?? '15s';
  return Number(interval.replace(/s$/, '')) * 1000;
}

/** A MeshDetail of the simulated demo: every graph service, in the clusters it runs. */
function meshOf(graph: SimGraph): MeshDetail {
  const services = new Map<string, { namespace: string; name: string; clusters: Set<string> }>();
  for (const w of graph.workloads) {
    const key = `${w.namespace}/${w.service}`;
    const s = services.get(key) ?? { namespace: w.namespace, name: w.service, clusters: new Set<string>() };
    s.clusters.add(w.cluster);
    services.set(key, s);
  }
  return {
    id: 'demo',
    title: 'Demo',
    type: 'hosted',
    managed: false,
    controlPlaneCluster: CONTROL_PLANE,
    clusters: ['mesh-cp', 'east', 'west'].map(cluster => ({ cluster, role: 'remote', reachability: 'reachable' })),
    revisions: ['default'],
    health: 'healthy',
    drift: [],
    warnings: [],
    serviceCount: services.size,
    services: [...services.values()].map(s => ({
      namespace: s.namespace,
      name: s.name,
      hostname: `${s.name}.${s.namespace}.svc.cluster.local`,
      instances: [...s.clusters].map(cluster => ({ cluster, ports: [], selector: { app: s.name }, injected: true })),
      conflicts: [],
    })),
  } as MeshDetail;
}

function observability(extra: object = {}) {
  return new ObservabilityService(
    readObservabilityConfig(
      new ConfigReader({
        meshfleet: {
          prometheus: { url: fleet.prometheusUrl, scrapeInterval: `${scrapeIntervalMs / 1000}s` },
          grafana: { dashboardsDirectory: `${TESTDATA}/istio-dashboards` },
          // No cache and short windows: the test watches changes arrive.
          observability: { cacheTtl: { milliseconds: 0 }, limits: { minWindow: '10s' } },
          ...extra,
        },
      }),
    ),
  );
}

/** What the simulator sends: per merged edge, its rate and per-cluster-pair rates and mTLS share. */
function expectedGraph(graph: SimGraph, mesh: SimMesh) {
  const byId = new Map(graph.workloads.map(w => [w.id, w]));
  const edges = new Map<string, { rps: number; parts: Map<string, number>; protocol: string }>();
  const nodes = new Set<string>();
  for (const e of graph.edges) {
    const from = byId.get(e.from)!;
    const to = byId.get(e.to)!;
    const flows = mesh.edges[e.id] ?? [];
    if (!DEMO_NAMESPACES.includes(from.namespace) && !DEMO_NAMESPACES.includes(to.namespace)) {
      continue;
    }
    // Only what the simulator emits: flows whose server has a sidecar reach the destination reporter.
    for (const f of flows.filter(fl => fl.share > 0)) {
      const source = f.sourceSidecar ? `svc:${from.namespace}:${from.app}` : 'unknown';
      const target = `svc:${to.namespace}:${to.service}`;
      const protocol = e.protocol ?? 'http';
      const id = `${source}->${target}:${protocol}`;
      const edge = edges.get(id) ?? { rps: 0, parts: new Map(), protocol };
      const part = `${f.sourceSidecar ? from.cluster : 'unknown'}->${to.cluster}`;
      edge.rps += e.rps * f.share;
      edge.parts.set(part, (edge.parts.get(part) ?? 0) + e.rps * f.share);
      edges.set(id, edge);
      nodes.add(source).add(target);
    }
  }
  return { nodes, edges };
}

function within(actual: number, expected: number, tolerance = 0.1): boolean {
  return Math.abs(actual - expected) <= tolerance * expected;
}

function graphComplaint(graph: TopologyGraph, expected: ReturnType<typeof expectedGraph>): string | undefined {
  const nodes = graph.nodes.map(n => n.id).sort();
  const wantNodes = [...expected.nodes].sort();
  if (JSON.stringify(nodes) !== JSON.stringify(wantNodes)) {
    return `nodes ${nodes} != ${wantNodes}`;
  }
  const edges = graph.edges.map(e => e.id).sort();
  const wantEdges = [...expected.edges.keys()].sort();
  if (JSON.stringify(edges) !== JSON.stringify(wantEdges)) {
    return `edges ${edges} != ${wantEdges}`;
  }
  for (const edge of graph.edges.filter(e => e.protocol !== 'tcp')) {
    const want = expected.edges.get(edge.id)!;
    if (!within(edge.traffic.requestRate, want.rps)) {
      return `${edge.id}: ${edge.traffic.requestRate} req/s, simulator ${want.rps}`;
    }
    for (const part of edge.parts) {
      const wantPart = want.parts.get(`${part.sourceCluster}->${part.destinationCluster}`) ?? 0;
      if (!within(part.traffic.requestRate, wantPart)) {
        return `${edge.id} ${part.sourceCluster}->${part.destinationCluster}: ${part.traffic.requestRate}, simulator ${wantPart}`;
      }
    }
  }
  return undefined;
}

async function kubectl(cluster: string, args: string[], input?: string) {
  const kubeconfig = fleet.clusters.find(c => c.name === cluster)!.adminKubeconfig;
  const child = exec('kubectl', ['--kubeconfig', kubeconfig, ...args], { timeout: 60_000 });
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  return child;
}

describe('observability against the fleet’s Prometheus and the traffic simulator', () => {
  beforeAll(async () => {
    fleet = (await ensureFleet({ clusters: 3 })) as Fleet;
    scrapeIntervalMs = await readScrapeInterval();
  });

  it('draws the demo shop’s call graph: the simulator’s nodes and edges, rates within 10 %, cross-cluster edges marked', async () => {
    const service = observability();
    const graph = await eventually(
      async () => {
        const [simGraph, simMesh] = await Promise.all([sim<SimGraph>('GET', '/graph'), sim<SimMesh>('GET', '/mesh')]);
        const topology = await service.topology(meshOf(simGraph), { namespaces: DEMO_NAMESPACES.join(','), window: '1m' });
        return { topology, expected: expectedGraph(simGraph, simMesh) };
      },
      ({ topology, expected }) => graphComplaint(topology, expected),
      120_000,
    );
    const catalog = graph.topology.edges.find(e => e.id === 'svc:shop:frontend->svc:shop:catalog:http')!;
    expect(catalog.crossCluster).toBe(true);
    expect(catalog.parts.filter(p => p.crossCluster).map(p => `${p.sourceCluster}->${p.destinationCluster}`)).toEqual([
      'east->west',
      'west->east',
    ]);
    const sameCluster = graph.topology.edges.filter(e => e.id !== catalog.id);
    expect(sameCluster.every(e => !e.crossCluster)).toBe(true);
    expect(graph.topology.queryCount).toBe(3);
    // catalog's inbound latency over both versions and clusters (the simulator's p50s are
    // 12 and 18 ms; Envoy's buckets around them are 10 and 25 ms).
    const { p50, p95, p99 } = graph.topology.nodes.find(n => n.id === 'svc:shop:catalog')!.inbound.latencyMs!;
    expect([p50! >= 10 && p50! <= 25, p50! <= p95!, p95! <= p99!]).toEqual([true, true, true]);
  });

  it('renders Istio’s service dashboard with the same request rate as the topology', async () => {
    const service = observability();
    const simGraph = await sim<SimGraph>('GET', '/graph');
    const mesh = meshOf(simGraph);
    const [dashboard, topology] = await Promise.all([
      service.renderDashboard(mesh, 'service', { namespace: 'shop', service: 'catalog', panels: '97', range: '5m', step: '15s' }),
      service.topology(mesh, { service: 'shop/catalog', window: '1m', reporter: 'destination' }),
    ]);
    const points = dashboard.panels[0].series[0].points.filter(([, v]) => v !== null);
    const panelRate = points[points.length - 1][1]!;
    const topologyRate = topology.nodes.find(n => n.id === 'svc:shop:catalog')!.inbound.requestRate;
    expect(dashboard.panels[0].title).toBe('Server Request Volume');
    expect(within(panelRate, topologyRate)).toBe(true);
  });

  describe('with this test’s own simulator edge (frontend → ledger, east)', () => {
    const edgeId = `${PREFIX}frontend-ledger`;
    afterAll(async () => {
      await fetch(`${fleet.trafficsimUrl}/edges/${edgeId}`, { method: 'DELETE' });
    });

    it('turns the service degraded within two scrape intervals of injected errors', async () => {
      const service = observability();
      await sim('PUT', `/edges/${edgeId}`, { from: 'east-frontend-v1', to: 'east-ledger-v1', protocol: 'http', rps: 10 });
      const mesh = meshOf(await sim<SimGraph>('GET', '/graph'));
      const ledgerHealth = async () => (await service.serviceHealth(mesh, 'payments', 'ledger', { window: '20s' })).health;
      await eventually(ledgerHealth, h => (h.status === 'healthy' ? undefined : `ledger is ${h.status}: ${h.reason}`), 60_000);

      await sim('PATCH', `/edges/${edgeId}`, { errorRatio: 0.3 });
      // A new error series needs two scrapes before rate() sees it; the simulator ticks every second.
      const health = await eventually(
        ledgerHealth,
        h => (h.status === 'degraded' || h.status === 'failing' ? undefined : `ledger is ${h.status}`),
        2 * scrapeIntervalMs + 2_000,
      );
      expect(health.reason).toMatch(/^inbound: 5xx/);
    });
  });

  describe('with this test’s own PeerAuthentication (ledger: DISABLE)', () => {
    const peerAuthentication = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${PREFIX}ledger-disable, namespace: payments}
spec: {selector: {matchLabels: {app: ledger}}, mtls: {mode: DISABLE}}
`;
    // The control plane holds the namespace of the policy (namespace sameness);
    // created here when the fleet has none, and then removed again.
    let createdNamespace = false;
    beforeAll(async () => {
      const existing = await kubectl(CONTROL_PLANE, ['get', 'namespace', 'payments', '--ignore-not-found', '-o', 'name']);
      if (existing.stdout.trim() === '') {
        await kubectl(CONTROL_PLANE, ['create', 'namespace', 'payments']);
        createdNamespace = true;
      }
    });
    afterAll(async () => {
      await kubectl(CONTROL_PLANE, ['delete', 'peerauthentication', '-n', 'payments', `${PREFIX}ledger-disable`, '--ignore-not-found']);
      if (createdNamespace) await kubectl(CONTROL_PLANE, ['delete', 'namespace', 'payments', '--wait=false']);
    });

    it('follows the simulator’s mTLS handling in the mTLS share', async () => {
      const service = observability();
      const mesh = meshOf(await sim<SimGraph>('GET', '/graph'));
      // The east part of payments -> ledger (TCP): its share is of the bytes east's ledger sidecar reported.
      const ledgerEdge = async (): Promise<TopologyEdge['parts'][number] | undefined> =>
        (await service.topology(mesh, { service: 'payments/ledger', window: '15s' })).edges
          .find(e => e.id === 'svc:payments:payments->svc:payments:ledger:tcp')
          ?.parts.find(p => p.sourceCluster === 'east' && p.destinationCluster === 'east');
      const simShare = async () => {
        const flows = (await sim<SimMesh>('GET', '/mesh')).edges['east-payments-ledger'] ?? [];
        return flows.reduce((s, f) => s + (f.mutualTLS ? f.share : 0), 0);
      };
      expect(await simShare()).toBe(1);
      await eventually(ledgerEdge, e => (e?.traffic.mtlsShare === 1 ? undefined : `mTLS share ${e?.traffic.mtlsShare}`), 60_000);

      await kubectl(CONTROL_PLANE, ['apply', '-f', '-'], peerAuthentication);
      await eventually(simShare, s => (s === 0 ? undefined : `simulator still mTLS (${s})`), 30_000);
      await eventually(ledgerEdge, e => (e?.traffic.mtlsShare === 0 ? undefined : `mTLS share ${e?.traffic.mtlsShare}`), 60_000);

      await kubectl(CONTROL_PLANE, ['delete', 'peerauthentication', '-n', 'payments', `${PREFIX}ledger-disable`]);
      await eventually(simShare, s => (s === 1 ? undefined : `simulator not yet mTLS (${s})`), 30_000);
      await eventually(ledgerEdge, e => (e?.traffic.mtlsShare === 1 ? undefined : `mTLS share ${e?.traffic.mtlsShare}`), 60_000);
    });
  });
});
