import type { MeshPolicyMessage } from '@meshfleet/plugin-mesh-common';

/*
 * The state of a mesh that the analysis layer reads: what istioctl analyze
 * reads from a cluster, but from every cluster of the mesh (a host exists
 * when any cluster has the service; a selector matches when any cluster has
 * the pod). Plain data, so the analysis stays pure and a corpus file can
 * stand in for the clusters.
 */

/** One port of a Kubernetes Service. */
export interface StateServicePort {
  name?: string;
  port: number;
  /** A number, a named container port, or absent (then the port itself). */
  targetPort?: number | string;
  protocol: string;
}

/** A Kubernetes Service in one cluster of the mesh. */
export interface StateService {
  cluster: string;
  namespace: string;
  name: string;
  /** Its `networking.istio.io/exportTo` annotation, when set. */
  exportTo?: string;
  ports: StateServicePort[];
  selector?: Record<string, string>;
}

/** A pod (workload instance) in one cluster of the mesh. */
export interface StatePod {
  cluster: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** Whether it is in the mesh as istioctl judges it: an injected `istio-proxy`, or injection asked for. */
  sidecar: boolean;
  /** Whether ztunnel redirects its traffic (ambient mode). */
  ambient?: boolean;
}

/** A namespace in one cluster of the mesh. */
export interface StateNamespace {
  cluster: string;
  name: string;
  labels: Record<string, string>;
}

/** An Istio object as the analysis reads it (a policy of the batch or one already in the config cluster). */
export interface AnalyzedObject {
  apiVersion?: string;
  kind: string;
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

/** A caller seen in the mesh's recent traffic, into a service. */
export interface TrafficEdge {
  /** The caller as the topology names it; `unknown` when the destination's proxy could not identify it. */
  source: { kind: 'service' | 'workload' | 'external' | 'unknown'; namespace?: string; name: string };
  target: { namespace: string; name: string };
  /** The caller has no sidecar (it sent plain text, or is unknown to the mesh). */
  sourceWithoutSidecar: boolean;
  requestsPerSecond: number;
}

/** The mesh's recent traffic, or why it could not be read. */
export type RecentTraffic = { window: string; edges: TrafficEdge[] } | { skipped: string };

/** Everything the analysis layer reads, for a mesh. */
export interface MeshState {
  configCluster: string;
  /** Istio's root namespace (mesh-wide policies live there). */
  rootNamespace: string;
  services: StateService[];
  pods: StatePod[];
  namespaces: StateNamespace[];
  /** The Istio objects already in the config cluster. */
  existing: AnalyzedObject[];
  /** Clusters of the mesh that could not be read, with why: checked without them. */
  unreadable: { cluster: string; reason: string }[];
  traffic: RecentTraffic;
}

/** A message before it is tied to the request (the object's index is added by the caller). */
export type Finding = Omit<MeshPolicyMessage, 'objectIndex'>;
