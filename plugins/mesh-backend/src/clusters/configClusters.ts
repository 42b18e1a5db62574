import type { Config } from '@backstage/config';
import { AUTH_PROVIDER_KEY, MeshCluster } from './types';

/**
 * Reads the clusters of `kubernetes.clusterLocatorMethods` entries of type
 * `config`, the same way the Kubernetes plugin does (name, url, authProvider
 * or authMetadata, serviceAccountToken, caData/caFile, skipTLSVerify), so that
 * Meshfleet and the Kubernetes plugin share one cluster configuration.
 */
export function readConfigClusters(rootConfig: Config): MeshCluster[] {
  const methods =
    rootConfig.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return methods
    .filter(method => method.getString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('clusters') ?? [])
    .map(c => clusterOfConfig(c, 'kubernetes.clusterLocatorMethods', 'config'));
}

/** Where {@link readMeshfleetClusters} reads; the cluster source it names. */
export const MESHFLEET_CLUSTERS_KEY = 'meshfleet.clusters';

/**
 * Reads `meshfleet.clusters`: clusters in the same shape as a `config`
 * locator's, for when the Kubernetes plugin finds clusters only through the
 * catalog (`clusterLocatorMethods: [{ type: catalog }]`). Meshfleet reads them
 * and emits them as cluster entities, which the Kubernetes plugin then finds;
 * the kubernetes-backend-module-meshfleet strategy gives it their credentials,
 * which never go into the catalog.
 */
export function readMeshfleetClusters(rootConfig: Config): MeshCluster[] {
  return (rootConfig.getOptionalConfigArray(MESHFLEET_CLUSTERS_KEY) ?? []).map(c =>
    clusterOfConfig(c, MESHFLEET_CLUSTERS_KEY, MESHFLEET_CLUSTERS_KEY),
  );
}

function clusterOfConfig(c: Config, where: string, source: string): MeshCluster {
  const name = c.getString('name');
  const authMetadataBlock =
    c.getOptional<Record<string, string>>('authMetadata') ?? {};
  const authProvider =
    authMetadataBlock[AUTH_PROVIDER_KEY] ?? c.getOptionalString('authProvider');
  if (!authProvider) {
    throw new Error(
      `${where}: cluster '${name}' has no authProvider (or authMetadata.${AUTH_PROVIDER_KEY})`,
    );
  }
  const token = c.getOptionalString('serviceAccountToken');
  const title = c.getOptionalString('title');
  return {
    name,
    ...(title && { title }),
    url: c.getString('url'),
    source,
    skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
    caData: c.getOptionalString('caData'),
    caFile: c.getOptionalString('caFile'),
    ...(c.getOptionalBoolean('skipMetricsLookup') && { skipMetricsLookup: true }),
    authMetadata: {
      [AUTH_PROVIDER_KEY]: authProvider,
      ...(token && { serviceAccountToken: token }),
      ...authMetadataBlock,
    },
  };
}

/** The config of the first locator method of the given type, if any. */
export function locatorMethodConfig(
  rootConfig: Config,
  type: string,
): Config | undefined {
  const methods =
    rootConfig.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return methods.find(method => method.getString('type') === type);
}
