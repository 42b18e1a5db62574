/**
 * How Meshfleet manages a mesh.
 *
 * - `hosted`: one control-plane cluster runs istiod for any number of member clusters; full lifecycle.
 * - `dedicated`: one cluster is both the control plane and the only workload cluster.
 * - `external`: an existing Istio installation adopted as it is: discovery, governance and
 *   observability, but no install, upgrade, join or gateway lifecycle.
 *
 * @public
 */
export type MeshType = 'hosted' | 'dedicated' | 'external';

/**
 * Every {@link MeshType}, in the order the UI lists them.
 *
 * @public
 */
export const MESH_TYPES: readonly MeshType[] = ['hosted', 'dedicated', 'external'];

/**
 * A mesh as Meshfleet stores it: the desired state of a mesh it created or adopted.
 *
 * @public
 */
export interface MeshRecord {
  /** Unique, DNS-label-like identifier; also Istio's `meshID`. */
  id: string;
  /** Human-readable name. */
  title: string;
  type: MeshType;
  /** The Backstage cluster name that runs istiod for this mesh. Cannot change. */
  controlPlaneCluster: string;
  /**
   * The Istio network of the control-plane cluster (`topology.istio.io/network`).
   * Absent only for meshes recorded before networks were.
   */
  controlPlaneNetwork?: string;
  /** The mesh's SPIFFE trust domain. */
  trustDomain: string;
  /** Istio version of the control plane (e.g. `1.28.0`), if known. */
  istioVersion?: string;
  /** istiod revision (e.g. `1-28-0`), `default` when unrevisioned. */
  revision: string;
  /** Clusters in the mesh besides the control plane, with their networks. */
  members: MeshMember[];
  /**
   * The owning group or user as an entity ref (`group:default/payments-team`),
   * as on the mesh's catalog entity; permission policies decide on it
   * (`IS_OWNER`). Absent only for meshes recorded before owners were.
   */
  owner?: string;
  /**
   * Incremented by every change, starting at 1; the API serves it as the
   * strong ETag `"<version>"` and writes compare it with `If-Match`.
   */
  version: number;
  /** ISO 8601 timestamps. */
  createdAt: string;
  updatedAt: string;
}

/**
 * A member (workload) cluster of a mesh.
 *
 * @public
 */
export interface MeshMember {
  /** The Backstage cluster name. */
  cluster: string;
  /** The Istio network the cluster's workloads are on (`topology.istio.io/network`). */
  network: string;
}

