import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';

/**
 * A cluster discovery reads: the Kubernetes plugin's {@link ClusterDetails}
 * (URL, CA, auth metadata) plus where it was configured.
 */
export interface MeshCluster extends ClusterDetails {
  /** `config`, `catalog`, or a cluster supplier's name. */
  source: string;
}

/** The auth provider key the Kubernetes plugin keeps in `authMetadata`. */
export const AUTH_PROVIDER_KEY = ANNOTATION_KUBERNETES_AUTH_PROVIDER;

/** The auth provider of a cluster, as the Kubernetes plugin records it. */
export function authProviderOf(cluster: ClusterDetails): string | undefined {
  return cluster.authMetadata[AUTH_PROVIDER_KEY];
}
