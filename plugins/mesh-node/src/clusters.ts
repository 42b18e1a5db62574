import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * A Kubernetes cluster Meshfleet can manage. Credentials are not part of it:
 * they are resolved through the Kubernetes plugin's auth strategies at call time,
 * so they never travel with cluster descriptions.
 *
 * @public
 */
export interface MeshClusterDescriptor {
  /** The cluster's name, unique across all suppliers. */
  name: string;
  /** The API server URL. */
  url: string;
  /** The Kubernetes plugin auth provider used to reach it, e.g. `serviceAccount`. */
  authProvider: string;
  /** Where the cluster came from, e.g. `config`, `catalog`, or a supplier's name. */
  source: string;
  /** Base64 PEM of the API server's CA (not a credential); system CAs when absent. */
  caData?: string;
  /** Skip TLS verification (development only). */
  skipTLSVerify?: boolean;
}

/**
 * A source of clusters besides the Kubernetes plugin's configured locators, for
 * example an inventory system.
 *
 * @public
 */
export interface MeshClusterSupplier {
  /** A short, stable name, used as {@link MeshClusterDescriptor.source} and in errors. */
  readonly name: string;
  /** Lists the clusters this supplier knows now. Called on every discovery run. */
  getClusters(): Promise<MeshClusterDescriptor[]>;
}

/**
 * Lets a backend module add cluster suppliers to the mesh backend.
 *
 * @public
 */
export interface MeshClusterSupplierExtensionPoint {
  /** Adds a supplier. Supplier names must be unique; a duplicate throws. */
  addClusterSupplier(supplier: MeshClusterSupplier): void;
}

/**
 * Extension point for {@link MeshClusterSupplierExtensionPoint}.
 *
 * @public
 */
export const meshClusterSupplierExtensionPoint =
  createExtensionPoint<MeshClusterSupplierExtensionPoint>({
    id: 'mesh.cluster-supplier',
  });
