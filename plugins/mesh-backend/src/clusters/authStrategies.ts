import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
// Meshfleet reuses the Kubernetes plugin's server-side auth strategies rather
// than re-implementing them, so every provider a Backstage installation already
// configured works the same here. Only its backend plugin package exports them.
import {
  AnonymousStrategy,
  AwsIamStrategy,
  AzureIdentityStrategy,
  DispatchStrategy,
  GoogleServiceAccountStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import type {
  AuthenticationStrategy,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { KubeConfig } from '@kubernetes/client-node';
import { authProviderOf, MeshCluster } from './types';

/**
 * Auth providers of the Kubernetes plugin whose credential is the signed-in
 * user's token, which the browser sends with each Kubernetes plugin request
 * (`oidc`: a token from the named auth provider; `google`: the user's Google
 * token; `aks`: the user's AKS token, anonymous without one). Discovery runs
 * in the backend with no user, so it cannot read such clusters.
 */
export const USER_TOKEN_AUTH_PROVIDERS: readonly string[] = [
  'aks',
  'google',
  'oidc',
];

/**
 * The Kubernetes plugin's `ServiceAccountStrategy`. It loads client-node with a
 * dynamic `import()` unless given the module through a field it keeps for its
 * own tests; Jest's module runtime cannot run such an import (it needs
 * `--experimental-vm-modules`), so Meshfleet hands it the module it imports
 * anyway. In production this changes nothing: the same module is used.
 */
function serviceAccountStrategy(): AuthenticationStrategy {
  return Object.assign(new ServiceAccountStrategy(), {
    injectedKubernetesClient: { KubeConfig },
  });
}

/**
 * The Kubernetes plugin's server-side strategies keyed by auth provider, as
 * its default strategy map builds them (same keys, same constructor inputs):
 * credentials that come from Backstage's own configuration or environment.
 */
export function serverSideAuthStrategies(options: {
  config: Config;
  logger: LoggerService;
}): Record<string, AuthenticationStrategy> {
  const { config, logger } = options;
  return {
    aws: new AwsIamStrategy({ config }),
    azure: new AzureIdentityStrategy(logger),
    googleServiceAccount: new GoogleServiceAccountStrategy({ config }),
    localKubectlProxy: new AnonymousStrategy(),
    serviceAccount: serviceAccountStrategy(),
  };
}

/**
 * Resolves a cluster's credential for discovery through the Kubernetes
 * plugin's strategies, dispatched on the cluster's auth provider.
 */
export class ClusterCredentials {
  private readonly dispatch: DispatchStrategy;

  constructor(private readonly strategies: Record<string, AuthenticationStrategy>) {
    this.dispatch = new DispatchStrategy({ authStrategyMap: strategies });
  }

  /** With the Kubernetes plugin's server-side strategies. */
  static fromConfig(options: {
    config: Config;
    logger: LoggerService;
  }): ClusterCredentials {
    return new ClusterCredentials(serverSideAuthStrategies(options));
  }

  /**
   * Why the cluster cannot be read without a signed-in user, when its auth
   * provider takes the user's token; undefined otherwise.
   */
  userCredentialReason(cluster: MeshCluster): string | undefined {
    const provider = authProviderOf(cluster);
    if (provider && USER_TOKEN_AUTH_PROVIDERS.includes(provider)) {
      return `needs a signed-in user's token (auth provider '${provider}')`;
    }
    return undefined;
  }

  /** The credential for the cluster; fails naming the provider when none applies. */
  async getCredential(cluster: MeshCluster): Promise<KubernetesCredential> {
    const provider = authProviderOf(cluster) ?? '<none>';
    if (!Object.hasOwn(this.strategies, provider)) {
      const supported = Object.keys(this.strategies).sort().join(', ');
      throw new Error(
        `cluster ${cluster.name} uses auth provider '${provider}', which Meshfleet cannot use; server-side providers it supports: ${supported}`,
      );
    }
    return this.dispatch.getCredential(cluster, {});
  }
}
