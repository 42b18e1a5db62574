import fs from 'node:fs/promises';
import type {
  AuthenticationStrategy,
  AuthMetadata,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { authProviderOf } from './types';

/** Where Kubernetes mounts a pod's own ServiceAccount token. */
const IN_CLUSTER_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * The Kubernetes plugin's `serviceAccount` auth provider: the cluster's
 * configured `serviceAccountToken`, else the token of the pod Backstage runs in.
 * (The plugin's own implementation lives in its backend plugin package, which a
 * node library may not import; this one behaves the same.)
 *
 * @public
 */
export class ServiceAccountAuthStrategy implements AuthenticationStrategy {
  async getCredential(cluster: ClusterDetails): Promise<KubernetesCredential> {
    const token = cluster.authMetadata.serviceAccountToken;
    if (token) {
      return { type: 'bearer token', token };
    }
    try {
      const mounted = await fs.readFile(IN_CLUSTER_TOKEN_FILE, 'utf8');
      return { type: 'bearer token', token: mounted.trim() };
    } catch {
      throw new Error(
        `cluster ${cluster.name} has no serviceAccountToken configured and Backstage does not run in a pod with a mounted token`,
      );
    }
  }

  validateCluster(): Error[] {
    return [];
  }

  presentAuthMetadata(): AuthMetadata {
    return {};
  }
}

/**
 * The Kubernetes plugin's `anonymous` auth provider: no credential.
 *
 * @public
 */
export class AnonymousAuthStrategy implements AuthenticationStrategy {
  async getCredential(): Promise<KubernetesCredential> {
    return { type: 'anonymous' };
  }

  validateCluster(): Error[] {
    return [];
  }

  presentAuthMetadata(): AuthMetadata {
    return {};
  }
}

/** The strategies discovery supports out of the box, keyed by auth provider. */
export function defaultAuthStrategies(): Record<
  string,
  AuthenticationStrategy
> {
  return {
    serviceAccount: new ServiceAccountAuthStrategy(),
    anonymous: new AnonymousAuthStrategy(),
  };
}

/**
 * Resolves the credential of a cluster through the strategy of its auth
 * provider. Only server-side providers can work here (discovery runs without a
 * user); others fail with a message saying so.
 */
export async function resolveCredential(
  cluster: ClusterDetails,
  strategies: Record<string, AuthenticationStrategy>,
): Promise<KubernetesCredential> {
  const provider = authProviderOf(cluster) ?? '<none>';
  const strategy = strategies[provider];
  if (!strategy) {
    throw new Error(
      `cluster ${
        cluster.name
      } uses auth provider '${provider}', which Meshfleet discovery cannot use without a user; supported: ${Object.keys(
        strategies,
      )
        .sort()
        .join(', ')}`,
    );
  }
  return strategy.getCredential(cluster, {});
}
