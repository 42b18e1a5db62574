import { MeshDetail, MeshRecord } from '@meshfleet/plugin-mesh-common';
import { MeshStore } from '../database/MeshStore';
import { MeshModel, MeshModelSource } from './MeshModelSource';

/**
 * A stored mesh before anything was read from its clusters: health and
 * reachability unknown, no services, no clusters known beyond the mesh's own.
 */
export function storedMeshDetail(mesh: MeshRecord): MeshDetail {
  return {
    id: mesh.id,
    title: mesh.title,
    type: mesh.type,
    managed: true,
    controlPlaneCluster: mesh.controlPlaneCluster,
    clusters: [
      { cluster: mesh.controlPlaneCluster, role: 'control-plane', reachability: 'unknown' },
      ...mesh.members.map(m => ({
        cluster: m.cluster,
        role: 'remote' as const,
        network: m.network,
        reachability: 'unknown' as const,
      })),
    ],
    revisions: [mesh.revision],
    ...(mesh.istioVersion ? { istioVersion: mesh.istioVersion } : {}),
    trustDomain: mesh.trustDomain,
    health: 'unknown',
    drift: [],
    warnings: [],
    serviceCount: 0,
    services: [],
  };
}

/** The model from the database only: used until cluster discovery runs. */
export class StoredMeshModelSource implements MeshModelSource {
  constructor(private readonly store: MeshStore) {}

  async getModel(): Promise<MeshModel> {
    const meshes = await this.store.listMeshes();
    return { meshes: meshes.map(storedMeshDetail), clusters: [] };
  }
}
