import { Health } from '../health';

/** Which sidecar's telemetry a graph uses. */
export type Reporter = 'source' | 'destination' | 'both';

/** What a graph covers. */
export type TopologyScope =
  | { kind: 'mesh' }
  /** Edges from or to workloads/services in these namespaces. */
  | { kind: 'namespace'; namespaces: string[] }
  /** Edges into the service and out of its workloads (one hop each way). */
  | { kind: 'service'; namespace: string; service: string };

/** Request and byte figures of an edge, an edge part or a node. */
export interface TrafficFigures {
  /** HTTP and gRPC requests per second. */
  requestRate: number;
  /** Failing requests per second (all classes below together). */
  errorRate: number;
  /** Requests per second by error class: HTTP 4xx, HTTP 5xx, gRPC status 1-16, no response at all. */
  errors: { http4xx: number; http5xx: number; grpc: number; noResponse: number };
  /** Latency quantiles in milliseconds; null without requests (or for TCP). */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null } | null;
  /** TCP bytes per second the server sent (response direction) and received (request direction). */
  tcp: { sentBytesPerSecond: number; receivedBytesPerSecond: number } | null;
  /**
   * Share (0..1) of traffic whose connection was mutual TLS, as the server's
   * sidecar reported it (`connection_security_policy`); null when no
   * destination-reported traffic exists (client-side telemetry cannot tell).
   */
  mtlsShare: number | null;
}

/** One cluster pair's share of an edge. */
export interface TopologyEdgePart {
  sourceCluster: string;
  destinationCluster: string;
  /** True when both clusters are known and differ. */
  crossCluster: boolean;
  traffic: TrafficFigures;
}

/** Traffic from one node to another over one protocol. */
export interface TopologyEdge {
  /** `<source id>-><target id>:<protocol>`. */
  id: string;
  source: string;
  target: string;
  protocol: 'http' | 'grpc' | 'tcp';
  /** True when any part crosses clusters. */
  crossCluster: boolean;
  traffic: TrafficFigures;
  health: Health;
  parts: TopologyEdgePart[];
}

/** One cluster's part of a node. */
export interface TopologyNodePart {
  cluster: string;
  /** Workloads seen in traffic in that cluster (serving or calling), with their health (worst of inbound and outbound). */
  workloads: Array<{ name: string; health: Health }>;
  /** Health of the traffic into this node in that cluster. */
  health: Health;
}

/**
 * A graph node. `service`: a mesh service, one node for all clusters (its
 * parts are per cluster); `workload`: a workload that is not behind a known
 * service, cluster-qualified; `external`: a destination that is not a mesh
 * service (ServiceEntry host, passthrough); `unknown`: callers without a
 * sidecar, whose identity the server cannot know.
 */
export interface TopologyNode {
  /** `svc:<ns>:<name>`, `wl:<cluster>:<ns>:<name>`, `ext:<host>` or `unknown`. */
  id: string;
  kind: 'service' | 'workload' | 'external' | 'unknown';
  name: string;
  namespace?: string;
  /** For workload nodes: the cluster. */
  cluster?: string;
  /** Clusters the node appears in (model instances and traffic). */
  clusters: string[];
  /** Whether the node is inside the requested scope (neighbours outside it are drawn too). */
  inScope: boolean;
  /** Inbound requests plus, for callers, outbound: worst of both (Kiali's rule). */
  health: Health;
  /** Inbound request figures (all clusters). */
  inbound: TrafficFigures;
  parts: TopologyNodePart[];
}

/** The body of `GET /meshes/{meshId}/topology`. */
export interface TopologyGraph {
  meshId: string;
  scope: TopologyScope;
  /** PromQL range of the rates, e.g. `5m`. */
  window: string;
  reporter: Reporter;
  /** Unix seconds the figures are for. */
  time: number;
  /** Prometheus queries one graph of this kind costs (fixed, whatever the number of namespaces). */
  queryCount: number;
  /** Whether the answer came from the short cache. */
  cached: boolean;
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}
