import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';

/**
 * A cluster discovery reads: the Kubernetes plugin's {@link ClusterDetails}
 * (URL, CA, auth metadata) plus where it was configured.
 *
 * @public
 */
export interface MeshCluster extends ClusterDetails {
  /** `config`, `catalog`, or a cluster supplier's name. */
  source: string;
}

/** The auth provider key the Kubernetes plugin keeps in `authMetadata`. */
export const AUTH_PROVIDER_KEY = 'kubernetes.io/auth-provider';

/** The auth provider of a cluster, as the Kubernetes plugin records it. */
export function authProviderOf(cluster: ClusterDetails): string | undefined {
  return cluster.authMetadata[AUTH_PROVIDER_KEY];
}
