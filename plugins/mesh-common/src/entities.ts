/**
 * `spec.type` of the catalog `Resource` entities that stand for service meshes.
 *
 * @public
 */
export const MESH_ENTITY_TYPE = 'service-mesh';

/**
 * `spec.type` of the catalog `Resource` entities that stand for Kubernetes clusters.
 * It is the type Backstage's Kubernetes plugin expects from its `catalog` cluster
 * locator, so the same entities serve both plugins.
 *
 * @public
 */
export const CLUSTER_ENTITY_TYPE = 'kubernetes-cluster';

/**
 * Annotations Backstage's Kubernetes plugin reads from cluster entities (its
 * `catalog` cluster locator). Meshfleet sets them on the clusters it emits.
 *
 * @public
 */
export const KUBERNETES_CLUSTER_ANNOTATIONS = {
  apiServer: 'kubernetes.io/api-server',
  apiServerCertificateAuthority: 'kubernetes.io/api-server-certificate-authority',
  authProvider: 'kubernetes.io/auth-provider',
  skipMetricsLookup: 'kubernetes.io/skip-metrics-lookup',
} as const;

/**
 * The location type of every entity Meshfleet's catalog module emits: both
 * managed-by annotations (`backstage.io/managed-by-location` and
 * `backstage.io/managed-by-origin-location`) are
 * `meshfleet-mesh:mesh`. Readers of `kubernetes-cluster`
 * entities use it to tell Meshfleet's own cluster entities from clusters
 * registered by people.
 *
 * @public
 */
export const MESHFLEET_ENTITY_LOCATION_TYPE = 'meshfleet-mesh';
