import { MeshRecord, MeshType, MESH_TYPES } from '@meshfleet/plugin-mesh-common';
import { MemberRow, MeshRow, NewMesh } from './MeshStore';

/**
 * Timestamps come back as Date from PostgreSQL and as 'YYYY-MM-DD HH:MM:SS'
 * (UTC, no zone) from SQLite; both become ISO 8601 in the API.
 */
export function toIsoTimestamp(value: Date | string): string {
  if (value instanceof Date) {
    return value.toISOString();
  }
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`;
  const parsed = new Date(withZone);
  if (Number.isNaN(parsed.getTime())) {
    throw new Error(`Unreadable timestamp '${value}' in the meshfleet_meshes table`);
  }
  return parsed.toISOString();
}

function toMeshType(value: string, meshId: string): MeshType {
  if ((MESH_TYPES as readonly string[]).includes(value)) {
    return value as MeshType;
  }
  throw new Error(`Mesh '${meshId}' has unknown type '${value}' in the database; expected one of ${MESH_TYPES.join(', ')}`);
}

/** Joins a mesh row with its member rows into the API's record. */
export function toMeshRecord(row: MeshRow, members: MemberRow[]): MeshRecord {
  return {
    id: row.id,
    title: row.title,
    type: toMeshType(row.type, row.id),
    controlPlaneCluster: row.control_plane_cluster,
    trustDomain: row.trust_domain,
    revision: row.revision,
    ...(row.istio_version ? { istioVersion: row.istio_version } : {}),
    members: members
      .filter(m => m.mesh_id === row.id)
      .map(m => ({ cluster: m.cluster, network: m.network }))
      .sort((a, b) => a.cluster.localeCompare(b.cluster)),
    createdAt: toIsoTimestamp(row.created_at),
    updatedAt: toIsoTimestamp(row.updated_at),
  };
}

/** The insertable row of a new mesh (timestamps default in the database). */
export function toMeshInsert(mesh: NewMesh): Omit<MeshRow, 'created_at' | 'updated_at'> {
  return {
    id: mesh.id,
    title: mesh.title,
    type: mesh.type,
    control_plane_cluster: mesh.controlPlaneCluster,
    trust_domain: mesh.trustDomain,
    revision: mesh.revision,
    istio_version: mesh.istioVersion ?? null,
  };
}
