import { MeshRecord, MeshType, MESH_TYPES } from '@meshfleet/plugin-mesh-common';
import { MeshChanges, MeshClusterRow, MeshRow, NewMesh } from './MeshStore';

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

/** Joins a mesh row with its cluster rows into the API's record. */
export function toMeshRecord(row: MeshRow, clusters: MeshClusterRow[]): MeshRecord {
  const own = clusters.filter(c => c.mesh_id === row.id);
  const controlPlaneNetwork = own.find(c => c.role === 'control-plane')?.network;
  return {
    id: row.id,
    title: row.title,
    type: toMeshType(row.type, row.id),
    controlPlaneCluster: row.control_plane_cluster,
    ...(controlPlaneNetwork ? { controlPlaneNetwork } : {}),
    trustDomain: row.trust_domain,
    revision: row.revision,
    ...(row.istio_version ? { istioVersion: row.istio_version } : {}),
    members: own
      .filter(c => c.role === 'member')
      .map(c => ({ cluster: c.cluster, network: c.network ?? '' }))
      .sort((a, b) => a.cluster.localeCompare(b.cluster)),
    ...(row.owner ? { owner: row.owner } : {}),
    version: Number(row.version),
    createdAt: toIsoTimestamp(row.created_at),
    updatedAt: toIsoTimestamp(row.updated_at),
  };
}

/** The changeable columns of a mesh row. */
export function toMeshUpdate(changes: MeshChanges): Pick<MeshRow, 'title' | 'owner' | 'trust_domain' | 'revision' | 'istio_version'> {
  return {
    title: changes.title,
    owner: changes.owner ?? null,
    trust_domain: changes.trustDomain,
    revision: changes.revision,
    istio_version: changes.istioVersion ?? null,
  };
}

/** The insertable row of a new mesh (version 1; timestamps default in the database). */
export function toMeshInsert(mesh: NewMesh): Omit<MeshRow, 'created_at' | 'updated_at'> {
  return {
    id: mesh.id,
    type: mesh.type,
    control_plane_cluster: mesh.controlPlaneCluster,
    ...toMeshUpdate(mesh),
    version: 1,
  };
}

/** Every cluster row of a mesh: the control plane, then the members. */
export function toClusterRows(
  meshId: string,
  controlPlaneCluster: string,
  changes: Pick<MeshChanges, 'controlPlaneNetwork' | 'members'>,
): MeshClusterRow[] {
  return [
    { mesh_id: meshId, cluster: controlPlaneCluster, role: 'control-plane', network: changes.controlPlaneNetwork ?? null },
    ...changes.members.map(m => ({ mesh_id: meshId, cluster: m.cluster, role: 'member' as const, network: m.network })),
  ];
}
