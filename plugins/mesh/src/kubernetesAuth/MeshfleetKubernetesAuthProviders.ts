import {
  KubernetesAuthProvidersApi,
  ServerSideKubernetesAuthProvider,
} from '@backstage/plugin-kubernetes-react';
import type { KubernetesRequestBody } from '@backstage/plugin-kubernetes-common';

/**
 * The `kubernetes.io/auth-provider` of the cluster entities Meshfleet emits
 * (`catalog.providers.meshfleet.clusterAuthProvider: meshfleet`).
 */
export const MESHFLEET_AUTH_PROVIDER = 'meshfleet';

/**
 * The Kubernetes plugin's auth providers plus `meshfleet`, a server-side one:
 * the backend module @meshfleet/plugin-kubernetes-backend-module-meshfleet holds
 * the credentials, so the browser adds nothing to the request. Without it the
 * Kubernetes tab fails on such clusters with `authProvider "meshfleet" has no
 * KubernetesAuthProvider defined for it`.
 */
export class MeshfleetKubernetesAuthProviders implements KubernetesAuthProvidersApi {
  private readonly serverSide = new ServerSideKubernetesAuthProvider();

  constructor(private readonly others: KubernetesAuthProvidersApi) {}

  decorateRequestBodyForAuth(authProvider: string, requestBody: KubernetesRequestBody): Promise<KubernetesRequestBody> {
    return authProvider === MESHFLEET_AUTH_PROVIDER
      ? this.serverSide.decorateRequestBodyForAuth(requestBody)
      : this.others.decorateRequestBodyForAuth(authProvider, requestBody);
  }

  getCredentials(authProvider: string): Promise<{ token?: string }> {
    return authProvider === MESHFLEET_AUTH_PROVIDER
      ? this.serverSide.getCredentials()
      : this.others.getCredentials(authProvider);
  }
}
