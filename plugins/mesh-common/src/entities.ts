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
} as const;
