import { MeshRecord, MeshView } from '@meshfleet/plugin-mesh-common';
import { MeshPermissionResource } from '@meshfleet/plugin-mesh-node';

/** A merged mesh (managed or discovered) as the permission framework sees it. */
export function meshViewResource(mesh: MeshView): MeshPermissionResource {
  return {
    id: mesh.id,
    ...(mesh.owner ? { owner: mesh.owner } : {}),
    type: mesh.type,
    managed: mesh.managed,
    clusters: [mesh.controlPlaneCluster, ...mesh.clusters.map(c => c.cluster).filter(c => c !== mesh.controlPlaneCluster)],
  };
}

/** A stored mesh as the permission framework sees it: what write decisions apply to. */
export function meshRecordResource(record: MeshRecord): MeshPermissionResource {
  return {
    id: record.id,
    ...(record.owner ? { owner: record.owner } : {}),
    type: record.type,
    managed: true,
    clusters: [record.controlPlaneCluster, ...record.members.map(m => m.cluster)],
  };
}
