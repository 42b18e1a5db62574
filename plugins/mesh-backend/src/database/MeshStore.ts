import { MeshMember, MeshRecord, MeshType } from '@meshfleet/plugin-mesh-common';

/**
 * What is needed to record a new mesh; the version and timestamps are set by the store.
 *
 * @public
 */
export type NewMesh = Omit<MeshRecord, 'version' | 'createdAt' | 'updatedAt'>;

/**
 * The fields of a stored mesh that can change. `id`, `type` and
 * `controlPlaneCluster` cannot; a left-out optional field is cleared.
 *
 * @public
 */
export type MeshChanges = Pick<
  MeshRecord,
  'title' | 'owner' | 'controlPlaneNetwork' | 'istioVersion' | 'revision' | 'trustDomain' | 'members'
>;

/**
 * Desired state of the meshes Meshfleet manages.
 *
 * Every change is conditional on the version the caller read: it is applied
 * as `UPDATE … WHERE id = ? AND version = ?` in a transaction, and a change
 * whose version is no longer current fails with a `MeshVersionConflictError`
 * carrying the current record, so no change is ever lost. A cluster belongs to
 * at most one mesh (as control plane or member); the database enforces it.
 *
 * @public
 */
export interface MeshStore {
  /** All meshes, ordered by id. */
  listMeshes(): Promise<MeshRecord[]>;
  /** One mesh, or undefined when there is none with that id. */
  getMesh(id: string): Promise<MeshRecord | undefined>;
  /**
   * Records a mesh and its clusters in one transaction (version 1). Throws a
   * ConflictError when the id is taken or a cluster already belongs to a mesh.
   */
  createMesh(mesh: NewMesh): Promise<MeshRecord>;
  /**
   * Replaces the changeable fields and the member list of the mesh at
   * `expectedVersion` and increments its version. Throws NotFoundError,
   * MeshVersionConflictError, or ConflictError for a member cluster that
   * belongs to another mesh; nothing is written then.
   */
  updateMesh(id: string, expectedVersion: number, changes: MeshChanges): Promise<MeshRecord>;
  /**
   * Deletes the mesh at `expectedVersion` with its cluster rows and returns
   * what was deleted. Throws NotFoundError or MeshVersionConflictError.
   */
  deleteMesh(id: string, expectedVersion: number): Promise<MeshRecord>;
}

/** Row shapes of the tables created by the migrations. */
export interface MeshRow {
  id: string;
  title: string;
  type: string;
  control_plane_cluster: string;
  trust_domain: string;
  revision: string;
  istio_version: string | null;
  owner: string | null;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

/** A cluster of a mesh: its control plane or a member. */
export interface MeshClusterRow {
  mesh_id: string;
  cluster: string;
  role: 'control-plane' | 'member';
  network: string | null;
}

export type { MeshMember, MeshType };
