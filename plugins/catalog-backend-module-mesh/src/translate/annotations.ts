/**
 * Annotations this module writes on cluster entities besides the shared keys
 * in `@meshfleet/plugin-mesh-common` (`MESH_ANNOTATIONS`). They describe the
 * cluster's connection state, which only the catalog view needs.
 *
 * @public
 */
export const CLUSTER_ENTITY_ANNOTATIONS = {
  /** The Backstage cluster name (the entity name also carries the source). */
  clusterName: 'meshfleet.io/cluster-name',
  /** Where the cluster is configured: `config`, `catalog` or a supplier's name. */
  clusterSource: 'meshfleet.io/cluster-source',
  /** `reachable`, `unreachable`, `needs-user-credentials` or `unknown` at the mesh backend's last attempt. */
  reachability: 'meshfleet.io/reachability',
  /** ISO 8601 time since which the cluster has been unreachable. */
  unreachableSince: 'meshfleet.io/unreachable-since',
  /** ISO 8601 time of the last complete read; set only while the cluster is not reachable, as the age of what the entity shows. */
  lastSync: 'meshfleet.io/last-sync',
  /** Why the mesh backend does not read the cluster: its last error, or the credential it lacks. */
  lastError: 'meshfleet.io/last-error',
  /** The API server's version, e.g. `v1.36.3`. */
  kubernetesVersion: 'meshfleet.io/kubernetes-version',
} as const;
