import { MeshType } from './types';

/**
 * The neutral mesh model: what Meshfleet knows about clusters and meshes after
 * reading the clusters (actual state) and merging the meshes it manages
 * (desired state). Cluster reads become this model through pure functions;
 * catalog entities, the REST API and the UI are all translations of it.
 */

/**
 * Whether Meshfleet could reach a cluster's API server at its last attempt.
 * `needs-user-credentials`: the cluster's auth provider takes a signed-in
 * user's token (`oidc`, `google`, `aks`), which the backend does not have when
 * it reads clusters on its own, so the cluster is listed but not read.
 *
 * @public
 */
export type ClusterReachability =
  | 'reachable'
  | 'unreachable'
  | 'needs-user-credentials'
  | 'unknown';

/**
 * A cluster's role in Istio, as read from the cluster.
 * `control-plane`: runs istiod; `remote`: runs only the injector and config that
 * point at another cluster's istiod; `none`: no Istio found.
 *
 * @public
 */
export type IstioClusterRole = 'control-plane' | 'remote' | 'none';

/**
 * Something Meshfleet noticed while reading clusters that a user should know,
 * for example a malformed Istio object. Discovery goes on; the warning names
 * the object.
 *
 * @public
 */
export interface DiscoveryWarning {
  /** Backstage cluster name. */
  cluster: string;
  /** The object at fault as `Kind namespace/name` (or `Kind name` when cluster-scoped). */
  object?: string;
  message: string;
}

/**
 * Meshfleet's connection state for one cluster. Secrets never appear here.
 *
 * @public
 */
export interface ClusterStatus {
  /** Backstage cluster name (from the Kubernetes plugin configuration or a supplier). */
  name: string;
  /** API server URL. */
  url: string;
  /** Where the cluster is configured: `config`, `catalog`, or a supplier's name. */
  source: string;
  /** The Kubernetes plugin auth provider used to reach it, e.g. `serviceAccount`. */
  authProvider?: string;
  /**
   * Base64 PEM of the certificate authority that signs the API server's
   * certificate, when configured as `caData`. Public: it verifies the server.
   */
  caData?: string;
  /**
   * The cluster is configured with `skipMetricsLookup` (it has no
   * metrics-server): the Kubernetes plugin should not ask it for pod metrics.
   */
  skipMetricsLookup?: boolean;
  reachability: ClusterReachability;
  /**
   * Why the cluster is not read (no credentials in it): the last error when
   * unreachable, or which credential is missing when it needs user credentials.
   */
  error?: string;
  /**
   * ISO 8601 time of the last complete read. A replica that does not hold
   * the discovery lease shows, for a reachable cluster, the read that last
   * changed its state (a re-read that changes nothing is not shared).
   */
  lastSyncAt?: string;
  /** ISO 8601 time since which the cluster has been unreachable. */
  unreachableSince?: string;
  /** The API server's version, e.g. `v1.36.3`. */
  kubernetesVersion?: string;
}

/**
 * One istiod Deployment (one revision) found in a cluster.
 *
 * @public
 */
export interface IstiodRevision {
  /** `istio.io/rev` of the Deployment; `default` when absent. */
  revision: string;
  namespace: string;
  deployment: string;
  /** The pilot image. */
  image: string;
  /** Istio version from the image tag, e.g. `1.28.0`; absent when the tag is not a version. */
  version?: string;
  replicas: number;
  readyReplicas: number;
  /** From the mesh config or istiod's environment. */
  meshId?: string;
  /** Istio's `CLUSTER_ID` of the cluster istiod runs in. */
  clusterId?: string;
  network?: string;
  trustDomain?: string;
}

/**
 * A remote secret (label `istio/multiCluster=true`) through which an istiod
 * reads another cluster. The kubeconfig inside is never copied into the model.
 *
 * @public
 */
export interface RemoteSecretRef {
  namespace: string;
  name: string;
  /** Istio cluster IDs the secret names (its data keys). */
  clusterIds: string[];
  /** API server URLs of those clusters, read from the kubeconfig's `server` fields. */
  servers: string[];
  /** The Backstage cluster names those URLs belong to, where known. */
  clusters: string[];
}

/**
 * Sidecar injection setting of one namespace.
 *
 * @public
 */
export interface NamespaceInjection {
  namespace: string;
  /** `enabled` (`istio-injection=enabled`), `revision` (`istio.io/rev=<r>`) or `disabled`. */
  mode: 'enabled' | 'revision' | 'disabled';
  revision?: string;
}

/**
 * A gateway Deployment of the mesh.
 *
 * @public
 */
export interface GatewaySummary {
  namespace: string;
  name: string;
  kind: 'ingress' | 'egress' | 'east-west' | 'unknown';
  revision?: string;
  replicas: number;
  readyReplicas: number;
  /** The type of the gateway's Service (`LoadBalancer`, `ClusterIP`, …), when it has one. */
  serviceType?: string;
  /** The load-balancer addresses (IPs or hostnames) of the gateway's Service; empty until it has one. */
  addresses: string[];
}

/**
 * A gateway instance of a mesh with the cluster it runs in.
 *
 * @public
 */
export interface MeshGateway extends GatewaySummary {
  cluster: string;
}

/**
 * Everything discovery read about Istio in one cluster.
 *
 * @public
 */
export interface ClusterIstio {
  /** Backstage cluster name. */
  cluster: string;
  role: IstioClusterRole;
  /** istiod Deployments in this cluster (control planes only). */
  revisions: IstiodRevision[];
  /** Mesh this cluster belongs to, when the cluster says so. */
  meshId?: string;
  /** Istio cluster ID (`CLUSTER_ID`, `global.multiCluster.clusterName`). */
  clusterId?: string;
  network?: string;
  trustDomain?: string;
  /** For remotes: the address of the istiod they are configured to use, when readable. */
  remoteControlPlaneAddress?: string;
  remoteSecrets: RemoteSecretRef[];
  injection: NamespaceInjection[];
  gateways: GatewaySummary[];
  warnings: DiscoveryWarning[];
}

/**
 * A port of a Service.
 *
 * @public
 */
export interface ServicePort {
  name?: string;
  port: number;
  protocol: string;
  targetPort?: string | number;
  appProtocol?: string;
}

/**
 * One cluster's instance of a mesh service.
 *
 * @public
 */
export interface ServiceInstance {
  cluster: string;
  ports: ServicePort[];
  selector: Record<string, string>;
  /** Whether the service's namespace has sidecar injection on in that cluster. */
  injected: boolean;
}

/**
 * A service of a mesh: the same-named Service in the same namespace across the
 * mesh's clusters, which Istio treats as one.
 *
 * @public
 */
export interface MeshService {
  namespace: string;
  name: string;
  /** `<name>.<namespace>.svc.cluster.local`. */
  hostname: string;
  instances: ServiceInstance[];
  /** Human-readable disagreements between instances (ports, selectors). */
  conflicts: string[];
}

/**
 * A cluster's place in a mesh.
 *
 * @public
 */
export interface MeshClusterView {
  cluster: string;
  role: 'control-plane' | 'remote';
  network?: string;
  reachability: ClusterReachability;
}

/**
 * A difference between what Meshfleet intended for a mesh and what the clusters show.
 *
 * @public
 */
export interface DriftItem {
  kind:
    | 'control-plane-missing'
    | 'member-missing'
    | 'member-unexpected'
    | 'version-mismatch'
    | 'revision-missing'
    | 'trust-domain-mismatch'
    | 'network-mismatch';
  cluster?: string;
  expected?: string;
  actual?: string;
  /** One sentence a platform engineer can act on. */
  message: string;
}

/**
 * Overall state of a mesh: `healthy` when its control plane is ready and every
 * cluster reachable, `degraded` otherwise, `unknown` before the first read.
 *
 * @public
 */
export type MeshHealth = 'healthy' | 'degraded' | 'unknown';

/**
 * A mesh as the API and the catalog show it: desired and actual state merged.
 *
 * @public
 */
export interface MeshView {
  /** Stable id: the stored id for managed meshes, the Istio `meshID` (or a derived id) for discovered ones. */
  id: string;
  title: string;
  type: MeshType;
  /** Whether Meshfleet created or adopted it (it is in the database). */
  managed: boolean;
  /** The owning group or user (entity ref) of a managed mesh, from its stored record. */
  owner?: string;
  controlPlaneCluster: string;
  clusters: MeshClusterView[];
  /** istiod revisions running in the control-plane cluster. */
  revisions: string[];
  istioVersion?: string;
  trustDomain?: string;
  health: MeshHealth;
  drift: DriftItem[];
  warnings: DiscoveryWarning[];
  /** Number of mesh services (same-named services across clusters count once). */
  serviceCount: number;
}

/**
 * One mesh with its services: the body of `GET /api/mesh/meshes/{id}`.
 *
 * @public
 */
export interface MeshDetail extends MeshView {
  services: MeshService[];
  /**
   * The gateway instances in the mesh's clusters, by cluster, namespace and
   * name (always sent by this backend; absent in answers recorded before).
   */
  gateways?: MeshGateway[];
}

/**
 * A cluster as the API shows it: `GET /api/mesh/clusters`.
 *
 * @public
 */
export interface ClusterView extends ClusterStatus {
  istioRole: IstioClusterRole;
  /** The mesh the cluster belongs to, if any. */
  meshId?: string;
  network?: string;
  /** istiod revisions in this cluster. */
  revisions: string[];
  warnings: DiscoveryWarning[];
}

/**
 * Everything Meshfleet knows about the fleet at one moment: every cluster it
 * reads and every mesh (stored and discovered, desired and actual state
 * merged). The mesh backend builds it; its API, the catalog module and the UI
 * are translations of it.
 *
 * @public
 */
export interface MeshModel {
  clusters: ClusterView[];
  meshes: MeshDetail[];
}
