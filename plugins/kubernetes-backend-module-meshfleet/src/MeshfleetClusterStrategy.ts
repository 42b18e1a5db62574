import type { Config } from '@backstage/config';
import type {
  AuthenticationStrategy,
  AuthMetadata,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';

/**
 * The `kubernetes.io/auth-provider` of the cluster entities Meshfleet emits when
 * `catalog.providers.meshfleet.clusterAuthProvider` is `meshfleet`.
 *
 * @public
 */
export const MESHFLEET_AUTH_PROVIDER = 'meshfleet';

/** Where the clusters and their tokens are configured (the mesh backend reads them too). */
const CLUSTERS_KEY = 'meshfleet.clusters';

interface ConfiguredCluster {
  name: string;
  url: string;
  token?: string;
}

/** URLs compare without a trailing slash, as the Kubernetes plugin joins paths to them. */
function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/**
 * Gives the Kubernetes plugin the service-account token of a cluster entity
 * Meshfleet emitted, from `meshfleet.clusters`, so that no token is ever put
 * into the catalog (the Kubernetes plugin's catalog locator refuses the
 * `serviceAccount` provider for that reason).
 *
 * A token is given only to the API server URL it is configured for: an entity
 * anyone registers with this provider and another URL gets nothing. Several
 * clusters on one URL (logical clusters of one API server) are told apart by
 * the entity's title, which is the cluster's name.
 *
 * @public
 */
export class MeshfleetClusterStrategy implements AuthenticationStrategy {
  private constructor(private readonly clusters: ConfiguredCluster[]) {}

  /** Reads `meshfleet.clusters` (name, url, serviceAccountToken). */
  static fromConfig(config: Config): MeshfleetClusterStrategy {
    const entries = config.getOptionalConfigArray(CLUSTERS_KEY) ?? [];
    return new MeshfleetClusterStrategy(
      entries.map(c => ({
        name: c.getString('name'),
        url: c.getString('url'),
        token: c.getOptionalString('serviceAccountToken'),
      })),
    );
  }

  async getCredential(clusterDetails: ClusterDetails): Promise<KubernetesCredential> {
    const cluster = this.clusterOf(clusterDetails);
    if (!cluster.token) {
      throw new Error(
        `${CLUSTERS_KEY}: cluster '${cluster.name}' has no serviceAccountToken, which the ${MESHFLEET_AUTH_PROVIDER} auth provider of cluster entity '${clusterDetails.name}' needs`,
      );
    }
    return { type: 'bearer token', token: cluster.token };
  }

  validateCluster(): Error[] {
    return [];
  }

  /** Nothing of the configuration is shown to the browser. */
  presentAuthMetadata(): AuthMetadata {
    return {};
  }

  private clusterOf(details: ClusterDetails): ConfiguredCluster {
    const onUrl = this.clusters.filter(c => sameUrl(c.url, details.url));
    const named = onUrl.filter(c => c.name === (details.title ?? details.name));
    const match = onUrl.length === 1 ? onUrl[0] : named[0];
    if (!match) {
      const why =
        onUrl.length === 0
          ? `no cluster of ${CLUSTERS_KEY} has API server ${details.url}`
          : `${onUrl.length} clusters of ${CLUSTERS_KEY} have API server ${details.url} (${onUrl
              .map(c => c.name)
              .join(', ')}) and none is named '${details.title ?? details.name}'`;
      throw new Error(`cluster entity '${details.name}' with auth provider ${MESHFLEET_AUTH_PROVIDER}: ${why}`);
    }
    return match;
  }
}
