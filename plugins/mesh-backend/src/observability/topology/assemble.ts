import { MeshService } from '@meshfleet/plugin-mesh-common';
import {
  addCounts,
  Health,
  HealthThresholds,
  NO_REQUESTS,
  RequestCounts,
  requestHealth,
  worst,
} from '../health';
import { InstantSample } from '../prometheus/types';
import { keyOf, Quantiles, quantilesByKey } from './latency';
import { LATENCY_EDGE_LABELS, LATENCY_PART_LABELS, LATENCY_SERVICE_LABELS, PlannedQuery } from './plan';
import {
  TopologyEdge,
  TopologyEdgePart,
  TopologyGraph,
  TopologyNode,
  TopologyNodePart,
  TopologyScope,
  TrafficFigures,
} from './types';

/*
 * Graph assembly: the answers of a topology plan plus the mesh model become
 * nodes and edges. A mesh service is one node whatever the number of
 * clusters it runs in; its clusters are parts. Edges are keyed by (source
 * node, target node, protocol) and carry one part per cluster pair. Pure.
 */

/** The answers of a plan, by query id. */
export type PlanResults = Record<PlannedQuery['id'], InstantSample[]>;

/** What assembly needs besides the answers. */
export interface AssemblyInput {
  results: PlanResults;
  services: Pick<MeshService, 'namespace' | 'name' | 'instances'>[];
  scope: TopologyScope;
  thresholds: HealthThresholds;
  /** Only parts touching these clusters (Backstage names); all when absent. */
  clusters?: string[];
  /** Istio cluster ID (metric label) to Backstage cluster name; identity by default. */
  clusterName?: (clusterId: string) => string;
}

const UNKNOWN = 'unknown';

type Labels = Record<string, string>;

interface NodeRef {
  id: string;
  kind: TopologyNode['kind'];
  name: string;
  namespace?: string;
  cluster?: string;
}

interface PartAcc {
  sourceCluster: string;
  destinationCluster: string;
  counts: RequestCounts;
  destinationRequests: number;
  mtlsRequests: number;
  tcpSent: number;
  tcpReceived: number;
  destinationBytes: number;
  mtlsBytes: number;
  latencyKey?: string;
}

interface EdgeAcc {
  source: NodeRef;
  target: NodeRef;
  protocol: TopologyEdge['protocol'];
  latencyKey?: string;
  parts: Map<string, PartAcc>;
}

interface NodeAcc {
  ref: NodeRef;
  clusters: Set<string>;
  inbound: Map<string, RequestCounts>;
  outbound: Map<string, RequestCounts>;
  /** Per cluster, per workload: its inbound and outbound requests. */
  workloads: Map<string, Map<string, { inbound: RequestCounts; outbound: RequestCounts }>>;
  inboundParts: PartAcc[];
}

const known = (v: string | undefined): v is string => !!v && v !== UNKNOWN;

function protocolOf(label: string | undefined): TopologyEdge['protocol'] {
  return label === 'grpc' || label === 'tcp' ? label : 'http';
}

/** Request counts of one `requests` series. */
function countsOf(labels: Labels, rate: number): RequestCounts {
  const counts = { ...NO_REQUESTS, total: rate };
  const codeClass = labels.code_class;
  if (codeClass === '5xx') {
    counts.http5xx = rate;
  } else if (codeClass === '4xx') {
    counts.http4xx = rate;
  } else if (!codeClass || codeClass === '0xx') {
    counts.noResponse = rate;
  } else if (labels.grpc_class === 'error') {
    counts.grpcError = rate;
  }
  return counts;
}

class GraphBuilder {
  private readonly services = new Map<string, Pick<MeshService, 'namespace' | 'name' | 'instances'>>();
  private readonly edges = new Map<string, EdgeAcc>();
  private readonly nodes = new Map<string, NodeAcc>();
  private readonly clusterName: (id: string) => string;

  constructor(private readonly input: AssemblyInput) {
    for (const s of input.services) {
      this.services.set(`${s.namespace}/${s.name}`, s);
    }
    this.clusterName = input.clusterName ?? (id => id);
  }

  private cluster(id: string | undefined): string {
    return known(id) ? this.clusterName(id) : UNKNOWN;
  }

  private serviceRef(namespace: string, name: string): NodeRef {
    return { id: `svc:${namespace}:${name}`, kind: 'service', name, namespace };
  }

  sourceRef(l: Labels): NodeRef {
    if (!known(l.source_workload)) {
      return { id: UNKNOWN, kind: 'unknown', name: UNKNOWN };
    }
    const ns = l.source_workload_namespace;
    if (this.services.has(`${ns}/${l.source_canonical_service}`)) {
      return this.serviceRef(ns, l.source_canonical_service);
    }
    const cluster = this.cluster(l.source_cluster);
    return { id: `wl:${cluster}:${ns}:${l.source_workload}`, kind: 'workload', name: l.source_workload, namespace: ns, cluster };
  }

  targetRef(l: Labels): NodeRef {
    const ns = l.destination_service_namespace;
    const name = l.destination_service_name;
    if (this.services.has(`${ns}/${name}`)) {
      return this.serviceRef(ns, name);
    }
    if (known(l.destination_workload)) {
      const cluster = this.cluster(l.destination_cluster);
      const wns = l.destination_workload_namespace;
      return { id: `wl:${cluster}:${wns}:${l.destination_workload}`, kind: 'workload', name: l.destination_workload, namespace: wns, cluster };
    }
    const host = known(ns) ? `${name}.${ns}` : name || UNKNOWN;
    return { id: `ext:${host}`, kind: 'external', name: host, namespace: known(ns) ? ns : undefined };
  }

  private wanted(part: { sourceCluster: string; destinationCluster: string }): boolean {
    const only = this.input.clusters;
    return !only || only.includes(part.sourceCluster) || only.includes(part.destinationCluster);
  }

  private node(ref: NodeRef): NodeAcc {
    let n = this.nodes.get(ref.id);
    if (!n) {
      n = { ref, clusters: new Set(), inbound: new Map(), outbound: new Map(), workloads: new Map(), inboundParts: [] };
      if (ref.kind === 'service') {
        for (const i of this.services.get(`${ref.namespace}/${ref.name}`)?.instances ?? []) {
          n.clusters.add(i.cluster);
        }
      }
      if (ref.cluster) {
        n.clusters.add(ref.cluster);
      }
      this.nodes.set(ref.id, n);
    }
    return n;
  }

  private part(l: Labels): PartAcc | undefined {
    const source = this.sourceRef(l);
    const target = this.targetRef(l);
    const protocol = protocolOf(l.request_protocol);
    const sourceCluster = this.cluster(l.source_cluster);
    const destinationCluster = this.cluster(l.destination_cluster);
    if (!this.wanted({ sourceCluster, destinationCluster })) {
      return undefined;
    }
    const edgeKey = `${source.id}->${target.id}:${protocol}`;
    let edge = this.edges.get(edgeKey);
    if (!edge) {
      edge = { source, target, protocol, parts: new Map() };
      this.edges.set(edgeKey, edge);
    }
    edge.latencyKey ??= keyOf(l, LATENCY_EDGE_LABELS);
    const partKey = `${sourceCluster}|${destinationCluster}`;
    let part = edge.parts.get(partKey);
    if (!part) {
      part = {
        sourceCluster,
        destinationCluster,
        counts: NO_REQUESTS,
        destinationRequests: 0,
        mtlsRequests: 0,
        tcpSent: 0,
        tcpReceived: 0,
        destinationBytes: 0,
        mtlsBytes: 0,
        latencyKey: keyOf(l, LATENCY_PART_LABELS),
      };
      edge.parts.set(partKey, part);
      this.node(target).inboundParts.push(part);
    }
    this.noteWorkloads(source, target, l, sourceCluster, destinationCluster);
    return part;
  }

  private noteWorkloads(source: NodeRef, target: NodeRef, l: Labels, sourceCluster: string, destCluster: string) {
    this.workload(this.node(source), sourceCluster, l.source_workload);
    this.workload(this.node(target), destCluster, l.destination_workload);
  }

  /** The request counts of a node's workload in a cluster (noting the cluster). */
  private workload(n: NodeAcc, cluster: string, workload: string | undefined) {
    if (!known(cluster)) {
      return undefined;
    }
    n.clusters.add(cluster);
    const inCluster = n.workloads.get(cluster) ?? new Map();
    n.workloads.set(cluster, inCluster);
    if (!known(workload)) {
      return undefined;
    }
    const counts = inCluster.get(workload) ?? { inbound: NO_REQUESTS, outbound: NO_REQUESTS };
    inCluster.set(workload, counts);
    return counts;
  }

  addRequests(samples: InstantSample[]) {
    for (const { metric: l, value } of samples) {
      if (!(value > 0)) {
        continue;
      }
      const part = this.part(l);
      if (!part) {
        continue;
      }
      const counts = countsOf(l, value);
      part.counts = addCounts(part.counts, counts);
      if (l.reporter === 'destination') {
        part.destinationRequests += value;
        if (l.connection_security_policy === 'mutual_tls') {
          part.mtlsRequests += value;
        }
      }
      const target = this.node(this.targetRef(l));
      const source = this.node(this.sourceRef(l));
      const dc = part.destinationCluster;
      const sc = part.sourceCluster;
      target.inbound.set(dc, addCounts(target.inbound.get(dc) ?? NO_REQUESTS, counts));
      source.outbound.set(sc, addCounts(source.outbound.get(sc) ?? NO_REQUESTS, counts));
      const destWorkload = this.workload(target, dc, l.destination_workload);
      if (destWorkload) {
        destWorkload.inbound = addCounts(destWorkload.inbound, counts);
      }
      const sourceWorkload = this.workload(source, sc, l.source_workload);
      if (sourceWorkload) {
        sourceWorkload.outbound = addCounts(sourceWorkload.outbound, counts);
      }
    }
  }

  addTcp(samples: InstantSample[]) {
    for (const { metric: l, value } of samples) {
      if (!(value > 0)) {
        continue;
      }
      const part = this.part({ ...l, request_protocol: 'tcp' });
      if (!part) {
        continue;
      }
      if (l.direction === 'sent') {
        part.tcpSent += value;
      } else {
        part.tcpReceived += value;
      }
      if (l.reporter === 'destination') {
        part.destinationBytes += value;
        if (l.connection_security_policy === 'mutual_tls') {
          part.mtlsBytes += value;
        }
      }
    }
  }

  build(): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
    const buckets = this.input.results['latency-buckets'];
    const partLatency = quantilesByKey(buckets, LATENCY_PART_LABELS);
    const edgeLatency = quantilesByKey(buckets, LATENCY_EDGE_LABELS);
    const edges: TopologyEdge[] = [...this.edges.values()].map(e => {
      const parts: TopologyEdgePart[] = [...e.parts.values()]
        .map(p => ({
          sourceCluster: p.sourceCluster,
          destinationCluster: p.destinationCluster,
          crossCluster: known(p.sourceCluster) && known(p.destinationCluster) && p.sourceCluster !== p.destinationCluster,
          traffic: figures([p], e.protocol, p.latencyKey ? partLatency.get(p.latencyKey) : undefined),
        }))
        .sort((a, b) => `${a.sourceCluster}|${a.destinationCluster}`.localeCompare(`${b.sourceCluster}|${b.destinationCluster}`));
      const traffic = figures([...e.parts.values()], e.protocol, this.edgeLatency(e, parts, edgeLatency));
      const counts = [...e.parts.values()].reduce((acc, p) => addCounts(acc, p.counts), NO_REQUESTS);
      return {
        id: `${e.source.id}->${e.target.id}:${e.protocol}`,
        source: e.source.id,
        target: e.target.id,
        protocol: e.protocol,
        crossCluster: parts.some(p => p.crossCluster),
        traffic,
        health: e.protocol === 'tcp' ? { status: 'unknown', reason: 'TCP traffic has no response codes' } : requestHealth(counts, this.input.thresholds),
        parts,
      };
    });
    this.addScopedServiceNode();
    const serviceLatency = quantilesByKey(buckets, LATENCY_SERVICE_LABELS);
    const nodes = [...this.nodes.values()].map(n => this.toNode(n, this.inboundLatency(n, serviceLatency)));
    nodes.sort((a, b) => a.id.localeCompare(b.id));
    edges.sort((a, b) => a.id.localeCompare(b.id));
    return { nodes, edges };
  }

  /**
   * A merged edge's latency: exact from the buckets summed across clusters when its
   * source is a service or unknown callers; for a workload source, its one
   * part's figures, or the worst part's (an upper bound) when it has several.
   */
  private edgeLatency(e: EdgeAcc, parts: TopologyEdgePart[], byKey: Map<string, Quantiles>): Quantiles | undefined {
    if (e.source.kind !== 'workload' && e.target.kind !== 'workload') {
      return e.latencyKey ? byKey.get(e.latencyKey) : undefined;
    }
    const withLatency = parts.map(p => p.traffic.latencyMs).filter((q): q is Quantiles => !!q);
    if (withLatency.length <= 1) {
      return withLatency[0];
    }
    const max = (pick: (q: Quantiles) => number | null) =>
      withLatency.map(pick).reduce<number | null>((m, v) => (v === null ? m : Math.max(m ?? v, v)), null);
    return { p50: max(q => q.p50), p95: max(q => q.p95), p99: max(q => q.p99) };
  }

  /**
   * A service node's inbound latency over all its callers and clusters. Not
   * when the graph keeps only some clusters' parts (the buckets span them all)
   * nor for workload nodes (unknown services), which the buckets are not grouped by.
   */
  private inboundLatency(n: NodeAcc, byService: Map<string, Quantiles>): Quantiles | undefined {
    if (n.ref.kind !== 'service' || this.input.clusters) {
      return undefined;
    }
    return byService.get(keyOf({ destination_service_namespace: n.ref.namespace ?? '', destination_service_name: n.ref.name }, LATENCY_SERVICE_LABELS));
  }

  /** A service graph always shows its service, even without traffic. */
  private addScopedServiceNode() {
    const scope = this.input.scope;
    if (scope.kind === 'service') {
      this.node(this.serviceRef(scope.namespace, scope.service));
    }
  }

  private inScope(ref: NodeRef): boolean {
    const scope = this.input.scope;
    switch (scope.kind) {
      case 'mesh':
        return true;
      case 'namespace':
        return !!ref.namespace && scope.namespaces.includes(ref.namespace);
      default:
        return ref.kind === 'service' && ref.namespace === scope.namespace && ref.name === scope.service;
    }
  }

  private toNode(n: NodeAcc, inboundLatency: Quantiles | undefined): TopologyNode {
    const t = this.input.thresholds;
    const sum = (m: Map<string, RequestCounts>) => [...m.values()].reduce(addCounts, NO_REQUESTS);
    const health = combine(requestHealth(sum(n.inbound), t), requestHealth(sum(n.outbound), t));
    const clusters = [...n.clusters].filter(known).sort();
    const parts: TopologyNodePart[] = clusters.map(cluster => ({
      cluster,
      workloads: [...(n.workloads.get(cluster) ?? new Map()).entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, c]) => ({ name, health: combine(requestHealth(c.inbound, t), requestHealth(c.outbound, t)) })),
      health: combine(
        requestHealth(n.inbound.get(cluster) ?? NO_REQUESTS, t),
        requestHealth(n.outbound.get(cluster) ?? NO_REQUESTS, t),
      ),
    }));
    const inboundProtocol = n.inboundParts.some(p => p.counts.total > 0) ? 'http' : 'tcp';
    return {
      id: n.ref.id,
      kind: n.ref.kind,
      name: n.ref.name,
      ...(n.ref.namespace ? { namespace: n.ref.namespace } : {}),
      ...(n.ref.cluster ? { cluster: n.ref.cluster } : {}),
      clusters,
      inScope: this.inScope(n.ref),
      health,
      inbound: figures(n.inboundParts, inboundProtocol, inboundLatency),
      parts,
    };
  }
}

/** Kiali's rule for callers: the worse of inbound and outbound; a verdict beats no traffic. */
function combine(inbound: Health, outbound: Health): Health {
  const status = worst(inbound.status, outbound.status);
  if (status === inbound.status) {
    return status === 'unknown' ? inbound : { status, reason: `inbound: ${inbound.reason}` };
  }
  return { status, reason: `outbound: ${outbound.reason}` };
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function figures(parts: PartAcc[], protocol: TopologyEdge['protocol'], latency: Quantiles | undefined): TrafficFigures {
  const counts = parts.reduce((acc, p) => addCounts(acc, p.counts), NO_REQUESTS);
  const sum = (pick: (p: PartAcc) => number) => parts.reduce((acc, p) => acc + pick(p), 0);
  const tcpSent = sum(p => p.tcpSent);
  const tcpReceived = sum(p => p.tcpReceived);
  const destRequests = sum(p => p.destinationRequests);
  const destBytes = sum(p => p.destinationBytes);
  let mtlsShare: number | null = null;
  if (protocol === 'tcp' ? destBytes > 0 : destRequests > 0) {
    mtlsShare = protocol === 'tcp' ? sum(p => p.mtlsBytes) / destBytes : sum(p => p.mtlsRequests) / destRequests;
  }
  return {
    requestRate: round(counts.total),
    errorRate: round(counts.http4xx + counts.http5xx + counts.grpcError + counts.noResponse),
    errors: {
      http4xx: round(counts.http4xx),
      http5xx: round(counts.http5xx),
      grpc: round(counts.grpcError),
      noResponse: round(counts.noResponse),
    },
    latencyMs: protocol === 'tcp' || counts.total === 0 ? null : latency ?? { p50: null, p95: null, p99: null },
    tcp: tcpSent + tcpReceived > 0 ? { sentBytesPerSecond: round(tcpSent), receivedBytesPerSecond: round(tcpReceived) } : null,
    mtlsShare: mtlsShare === null ? null : round(mtlsShare),
  };
}

/** Builds the graph of a plan's answers. */
export function assembleTopology(input: AssemblyInput): Pick<TopologyGraph, 'nodes' | 'edges'> {
  const builder = new GraphBuilder(input);
  builder.addRequests(input.results.requests);
  builder.addTcp(input.results.tcp);
  return builder.build();
}
