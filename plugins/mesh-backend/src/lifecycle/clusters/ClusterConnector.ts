import { NotFoundError } from '@backstage/errors';
import { readFile } from 'node:fs/promises';
import type { ClusterCredentials } from '../../clusters/authStrategies';
import type { ClusterSource } from '../../clusters/clusterSources';
import { describeError } from '../../clusters/describeError';
import { kubeConfigFor } from '../../clusters/kubeConfig';
import type { MeshCluster } from '../../clusters/types';
import { ClusterClient, KubernetesClusterClient } from './ClusterClient';

/** The public part of a cluster's connection: where its API server is and its CA. */
export interface ClusterEndpoint {
  name: string;
  url: string;
  /** Base64 of the CA's PEM, as kubeconfigs carry it. */
  caData?: string;
  skipTLSVerify: boolean;
}

/**
 * Reaches the clusters Meshfleet knows (the Kubernetes plugin's
 * `clusterLocatorMethods` and Meshfleet's cluster suppliers) with the
 * credentials the Kubernetes plugin's auth strategies resolve.
 */
export interface ClusterConnector {
  /** Names of every cluster Meshfleet knows. */
  knownClusters(): Promise<string[]>;
  /** A client for one cluster; NotFoundError naming it when Meshfleet does not know it. */
  forCluster(cluster: string): Promise<ClusterClient>;
  /** URL and CA of a cluster's API server (public: they go into remote secrets). */
  endpointOf(cluster: string): Promise<ClusterEndpoint>;
  /**
   * A kubeconfig for the cluster, as a string, for the `helm` binary only:
   * it holds a credential, so it is written to a private temporary file and
   * removed after the call, and never logged.
   */
  kubeconfigFor(cluster: string): Promise<string>;
}

/** How long the cluster list is reused before the sources are read again. */
const CLUSTER_LIST_TTL_MS = 30_000;

/** A {@link ClusterConnector} over the mesh backend's cluster sources and credentials. */
export class KubernetesClusterConnector implements ClusterConnector {
  private cached?: { at: number; clusters: Map<string, MeshCluster> };

  constructor(
    private readonly options: {
      clusterSource: ClusterSource;
      credentials: ClusterCredentials;
    },
  ) {}

  async knownClusters(): Promise<string[]> {
    return [...(await this.clusters(false)).keys()].sort();
  }

  async forCluster(cluster: string): Promise<ClusterClient> {
    const details = await this.lookup(cluster);
    return new KubernetesClusterClient(cluster, await this.kubeConfig(details));
  }

  async endpointOf(cluster: string): Promise<ClusterEndpoint> {
    const details = await this.lookup(cluster);
    return {
      name: details.name,
      url: details.url,
      caData: details.caData ?? (details.caFile ? await this.caFileData(details) : undefined),
      skipTLSVerify: details.skipTLSVerify ?? false,
    };
  }

  async kubeconfigFor(cluster: string): Promise<string> {
    return (await this.kubeConfig(await this.lookup(cluster))).exportConfig();
  }

  private async kubeConfig(details: MeshCluster) {
    const { credentials } = this.options;
    const reason = credentials.userCredentialReason(details);
    if (reason) {
      throw new Error(`cluster ${details.name} ${reason}; mesh operations run without a user and cannot write to it`);
    }
    return kubeConfigFor(details, await credentials.getCredential(details));
  }

  private async caFileData(details: MeshCluster): Promise<string> {
    try {
      return (await readFile(details.caFile!)).toString('base64');
    } catch (error) {
      throw new Error(`cluster ${details.name}: cannot read its CA file: ${describeError(error)}`);
    }
  }

  /** The cluster's details; the list is read again once before a name counts as unknown. */
  private async lookup(cluster: string): Promise<MeshCluster> {
    const found = (await this.clusters(false)).get(cluster) ?? (await this.clusters(true)).get(cluster);
    if (!found) {
      const known = [...(this.cached?.clusters.keys() ?? [])].sort().join(', ') || 'none';
      throw new NotFoundError(`unknown cluster '${cluster}'; Meshfleet knows: ${known}`);
    }
    return found;
  }

  private async clusters(refresh: boolean): Promise<Map<string, MeshCluster>> {
    if (!refresh && this.cached && Date.now() - this.cached.at < CLUSTER_LIST_TTL_MS) {
      return this.cached.clusters;
    }
    const list = await this.options.clusterSource.listClusters();
    this.cached = { at: Date.now(), clusters: new Map(list.map(c => [c.name, c])) };
    return this.cached.clusters;
  }
}
