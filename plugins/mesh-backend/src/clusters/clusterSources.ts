import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { MeshClusterSupplier } from '@meshfleet/plugin-mesh-node';
import {
  CATALOG_CLUSTER_FILTER,
  catalogEntityToCluster,
  CatalogLocatorOptions,
} from './catalogClusters';
import { locatorMethodConfig, readConfigClusters, readMeshfleetClusters } from './configClusters';
import { describeError } from './describeError';
import { AUTH_PROVIDER_KEY, MeshCluster } from './types';

/**
 * Lists every cluster discovery should read.
 */
export interface ClusterSource {
  listClusters(): Promise<MeshCluster[]>;
}

/** What the Kubernetes plugin configuration and extension points provide. */
export interface ClusterSourcesOptions {
  rootConfig: Config;
  logger: LoggerService;
  /** Needed only when a `catalog` locator method is configured. */
  catalog?: { service: CatalogService; auth: AuthService };
  suppliers: MeshClusterSupplier[];
}

/**
 * Clusters from `kubernetes.clusterLocatorMethods` (`config` and `catalog`),
 * `meshfleet.clusters` and Meshfleet's cluster suppliers. A failing source is logged and
 * skipped, so the others are still read; the first cluster of a name wins.
 */
export class KubernetesPluginClusterSource implements ClusterSource {
  private readonly configClusters: MeshCluster[];

  constructor(private readonly options: ClusterSourcesOptions) {
    // Config errors are the operator's to fix at start, so they throw here.
    this.configClusters = [
      ...readConfigClusters(options.rootConfig),
      ...readMeshfleetClusters(options.rootConfig),
    ];
  }

  async listClusters(): Promise<MeshCluster[]> {
    const lists = await Promise.all([
      Promise.resolve(this.configClusters),
      this.catalogClusters(),
      ...this.options.suppliers.map(s => this.supplierClusters(s)),
    ]);
    return this.withoutDuplicates(lists.flat());
  }

  private async catalogClusters(): Promise<MeshCluster[]> {
    const method = locatorMethodConfig(this.options.rootConfig, 'catalog');
    if (!method) return [];
    const catalog = this.options.catalog;
    if (!catalog) {
      this.options.logger.warn(
        'kubernetes.clusterLocatorMethods has type catalog, but no catalog service was given to Meshfleet discovery',
      );
      return [];
    }
    const locatorOptions: CatalogLocatorOptions = {
      dangerouslyAllowSkipTLSVerify: method.getOptionalBoolean(
        'dangerouslyAllowSkipTLSVerify',
      ),
      dangerouslyAllowClusterUrls: method.getOptionalStringArray(
        'dangerouslyAllowClusterUrls',
      ),
    };
    try {
      const { items } = await catalog.service.getEntities(
        { filter: [CATALOG_CLUSTER_FILTER] },
        { credentials: await catalog.auth.getOwnServiceCredentials() },
      );
      return items.flatMap(entity => {
        const result = catalogEntityToCluster(entity, locatorOptions);
        if ('ignored' in result) {
          this.options.logger.debug(
            `Ignoring catalog cluster ${entity.metadata.name}: it ${result.ignored}`,
          );
          return [];
        }
        return [result.cluster];
      });
    } catch (error) {
      this.options.logger.warn(
        `Could not list kubernetes-cluster Resources from the catalog: ${describeError(
          error,
        )}`,
      );
      return [];
    }
  }

  private async supplierClusters(
    supplier: MeshClusterSupplier,
  ): Promise<MeshCluster[]> {
    try {
      const descriptors = await supplier.getClusters();
      return descriptors.map(d => ({
        name: d.name,
        url: d.url,
        source: d.source || supplier.name,
        caData: d.caData,
        skipTLSVerify: d.skipTLSVerify ?? false,
        authMetadata: { [AUTH_PROVIDER_KEY]: d.authProvider },
      }));
    } catch (error) {
      this.options.logger.warn(
        `Cluster supplier ${supplier.name} failed: ${describeError(error)}`,
      );
      return [];
    }
  }

  private withoutDuplicates(clusters: MeshCluster[]): MeshCluster[] {
    const seen = new Map<string, MeshCluster>();
    for (const cluster of clusters) {
      const first = seen.get(cluster.name);
      if (first) {
        this.options.logger.warn(
          `Cluster ${cluster.name} from ${cluster.source} ignored: a cluster of that name comes from ${first.source}`,
        );
      } else {
        seen.set(cluster.name, cluster);
      }
    }
    return [...seen.values()];
  }
}
