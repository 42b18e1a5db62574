import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { MeshInstallerStrategy } from '@meshfleet/plugin-mesh-node';
import { ClusterCredentials } from '../clusters/authStrategies';
import type { ClusterSource } from '../clusters/clusterSources';
import type { MeshStore } from '../database/MeshStore';
import type { MeshModelSource } from '../model/MeshModelSource';
import type { MeshRegistry } from '../service/MeshRegistry';
import { ClusterConnector, KubernetesClusterConnector } from './clusters/ClusterConnector';
import { LifecycleConfig, readLifecycleConfig } from './config';
import { chartSourceFor } from './helm/chartSource';
import { HelmCliRunner, HelmRunner } from './helm/HelmRunner';
import { TrustService } from './trust/TrustService';

/**
 * What the mesh operations' steps use (the services type of the operation
 * kinds in src/operations/types.ts). Only step definitions use them.
 */
export interface LifecycleServices {
  /** The managed meshes' registry: checked writes that announce `meshfleet.model.changed`. */
  registry: MeshRegistry;
  /** Reads of the stored meshes. */
  store: MeshStore;
  /** Discovered and desired state merged: known clusters, which mesh a cluster is in. */
  model: MeshModelSource;
  clusters: ClusterConnector;
  helm: HelmRunner;
  trust: TrustService;
  config: LifecycleConfig;
  /** The installer strategy a module set through `mesh.installer`; undefined: Meshfleet's Helm steps install istiod. */
  installer?: MeshInstallerStrategy;
}

/** What the plugin gives the lifecycle. */
export interface LifecycleServicesOptions {
  rootConfig: Config;
  logger: LoggerService;
  /** The clusters Meshfleet knows: the same source discovery reads. */
  clusterSource: ClusterSource;
  registry: MeshRegistry;
  store: MeshStore;
  model: MeshModelSource;
  /** The installer strategy a module set, if any. */
  installer?: MeshInstallerStrategy;
}

/**
 * The lifecycle services from config: clusters through the Kubernetes
 * plugin's server-side auth strategies, Helm from `meshfleet.helm`, charts
 * and images from `meshfleet.istio`, trust lifetimes from `meshfleet.trust`.
 */
export function createLifecycleServices(options: LifecycleServicesOptions): LifecycleServices {
  const { rootConfig, logger } = options;
  const config = readLifecycleConfig(rootConfig);
  const clusters = new KubernetesClusterConnector({
    clusterSource: options.clusterSource,
    credentials: ClusterCredentials.fromConfig({ config: rootConfig, logger }),
  });
  return {
    registry: options.registry,
    store: options.store,
    model: options.model,
    clusters,
    helm: new HelmCliRunner({
      binary: config.helm.binary,
      timeoutMs: config.helm.timeoutMs,
      charts: chartSourceFor(config.charts),
      clusters,
      logger: logger.child({ component: 'helm' }),
    }),
    trust: new TrustService({
      rootLifetimeMs: config.trust.rootLifetimeMs,
      intermediateLifetimeMs: config.trust.intermediateLifetimeMs,
    }),
    config,
    ...(options.installer ? { installer: options.installer } : {}),
  };
}
