import { MeshMember, MeshRecord, MeshType } from '@meshfleet/plugin-mesh-common';

/**
 * What is needed to record a new mesh; timestamps are set by the store.
 *
 * @public
 */
export type NewMesh = Omit<MeshRecord, 'createdAt' | 'updatedAt'>;

/**
 * Desired state of the meshes Meshfleet manages.
 *
 * @public
 */
export interface MeshStore {
  /** All meshes, ordered by id. */
  listMeshes(): Promise<MeshRecord[]>;
  /** One mesh, or undefined when there is none with that id. */
  getMesh(id: string): Promise<MeshRecord | undefined>;
  /**
   * Records a mesh and its members in one transaction. Throws a ConflictError
   * when the id is taken or a member cluster already belongs to another mesh.
   */
  createMesh(mesh: NewMesh): Promise<MeshRecord>;
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
  created_at: Date | string;
  updated_at: Date | string;
}

export interface MemberRow {
  mesh_id: string;
  cluster: string;
  network: string;
}

export type { MeshMember, MeshType };
