import type { MeshModel } from '@meshfleet/plugin-mesh-common';
import { MeshStore } from '../database/MeshStore';
import { buildMeshModel } from '../discovery/buildMeshModel';
import type { MeshDiscoveryService } from '../discovery/live/MeshDiscoveryService';
import { MeshModelSource } from './MeshModelSource';

/**
 * The model the API serves: discovery's current snapshot of the clusters merged
 * with the meshes Meshfleet stores. The snapshot is cached by discovery, so a
 * request costs one database read and a pure merge, never a cluster call.
 */
export class DiscoveredMeshModelSource implements MeshModelSource {
  constructor(
    private readonly discovery: MeshDiscoveryService,
    private readonly store: MeshStore,
  ) {}

  async getModel(): Promise<MeshModel> {
    return buildMeshModel(this.discovery.getSnapshot(), await this.store.listMeshes());
  }
}
