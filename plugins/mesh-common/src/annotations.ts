/**
 * The prefix of every annotation and label Meshfleet writes.
 *
 * @public
 */
export const MESHFLEET_ANNOTATION_PREFIX = 'meshfleet.io';

/**
 * Annotation keys Meshfleet sets on the catalog entities it emits (meshes and
 * clusters) and reads from the entities it relates to meshes (services).
 *
 * @public
 */
export const MESH_ANNOTATIONS = {
  /** The mesh's identifier, Istio's `meshID`. */
  meshId: `${MESHFLEET_ANNOTATION_PREFIX}/mesh-id`,
  /** One of {@link MeshType}: `hosted`, `dedicated` or `external`. */
  meshType: `${MESHFLEET_ANNOTATION_PREFIX}/mesh-type`,
  /** Comma-separated istiod revisions running in the mesh (`default` for an unrevisioned install). */
  revisions: `${MESHFLEET_ANNOTATION_PREFIX}/revisions`,
  /** The Istio version of the control plane, read from istiod's image tag. */
  istioVersion: `${MESHFLEET_ANNOTATION_PREFIX}/istio-version`,
  /** The mesh's SPIFFE trust domain, e.g. `cluster.local`. */
  trustDomain: `${MESHFLEET_ANNOTATION_PREFIX}/trust-domain`,
  /** The Kubernetes cluster name (as configured in Backstage) that runs the mesh's istiod. */
  controlPlaneCluster: `${MESHFLEET_ANNOTATION_PREFIX}/control-plane-cluster`,
  /** The Istio network (`topology.istio.io/network`) of a cluster. */
  network: `${MESHFLEET_ANNOTATION_PREFIX}/network`,
  /** The cluster's role in its mesh: `control-plane`, `remote` or `none`. */
  clusterRole: `${MESHFLEET_ANNOTATION_PREFIX}/cluster-role`,
  /** On a Component: the mesh its workloads run in, as an entity ref. */
  mesh: `${MESHFLEET_ANNOTATION_PREFIX}/mesh`,
} as const;
