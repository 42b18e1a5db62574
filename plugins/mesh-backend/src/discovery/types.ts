import type {
  V1ConfigMap,
  V1Deployment,
  V1MutatingWebhookConfiguration,
  V1Namespace,
  V1Service,
} from '@kubernetes/client-node';
import type {
  ClusterIstio,
  ClusterStatus,
  ServicePort,
} from '@meshfleet/plugin-mesh-common';

/**
 * A remote secret reduced to what discovery may keep: the cluster ids it names
 * and the API server URLs of their kubeconfigs. Tokens and certificates are
 * dropped when the Secret is read, so they never reach memory beyond the read.
 */
export interface RemoteSecretSummary {
  namespace: string;
  name: string;
  /** One entry per data key (an Istio cluster id) of the Secret. */
  entries: Array<{ clusterId: string; servers: string[] }>;
  /** Why parts of the Secret could not be read, free of secret material. */
  problems: string[];
}

/**
 * The Istio-relevant objects of one cluster as the API server returned them
 * (remote secrets already reduced). The input of {@link readClusterIstio}.
 */
export interface RawClusterObjects {
  /** Backstage cluster name. */
  cluster: string;
  /** istiod and gateway Deployments (any namespace). */
  deployments: V1Deployment[];
  /** `istio` and `istio-<rev>` ConfigMaps (mesh config). */
  configMaps: V1ConfigMap[];
  namespaces: V1Namespace[];
  /** `istio-sidecar-injector*` MutatingWebhookConfigurations. */
  webhooks: V1MutatingWebhookConfiguration[];
  /** Secrets labelled `istio/multiCluster=true`, reduced. */
  remoteSecrets: RemoteSecretSummary[];
  services: V1Service[];
}

/**
 * A Backstage cluster name with its API server URL, used to map the servers
 * named in remote secrets back to Backstage clusters.
 */
export interface KnownCluster {
  name: string;
  url: string;
}

/**
 * A Kubernetes Service as discovery keeps it.
 */
export interface DiscoveredService {
  namespace: string;
  name: string;
  ports: ServicePort[];
  selector: Record<string, string>;
}

/**
 * What discovery knows about one cluster: its connection state and the last
 * Istio state and Services read from it (kept while the cluster is unreachable).
 */
export interface ClusterSnapshot {
  status: ClusterStatus;
  /** Absent until the cluster has been read once. */
  istio?: ClusterIstio;
  services: DiscoveredService[];
}

/**
 * The whole fleet as discovery sees it at one moment.
 */
export interface FleetSnapshot {
  /** ISO 8601 time the snapshot was assembled. */
  takenAt: string;
  /** One entry per configured cluster, sorted by name. */
  clusters: ClusterSnapshot[];
}
