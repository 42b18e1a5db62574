import { buildMeshModel, MeshDiscoveryService } from '@meshfleet/plugin-mesh-node';
import { MeshStore } from '../database/MeshStore';
import { MeshModel, MeshModelSource } from './MeshModelSource';

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
