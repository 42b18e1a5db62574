import type { MeshModel } from '@meshfleet/plugin-mesh-common';
import { MeshStore } from '../database/MeshStore';
import { buildMeshModel } from '../discovery/buildMeshModel';
import type { MeshDiscoveryService } from '../discovery/live/MeshDiscoveryService';
import type { FleetSnapshot } from '../discovery/types';
import { MeshModelSource } from './MeshModelSource';

/**
 * The model the API serves: discovery's current snapshot of the clusters merged
 * with the meshes Meshfleet stores. A request costs one database read of the
 * stored meshes and never a cluster call; the merge is done again only when
 * the snapshot or the stored meshes changed, since with hundreds of clusters
 * it is the expensive part and one catalog sync asks for it once per mesh.
 */
export class DiscoveredMeshModelSource implements MeshModelSource {
  private last?: { snapshot: FleetSnapshot; stored: string; model: MeshModel };

  constructor(
    private readonly discovery: MeshDiscoveryService,
    private readonly store: MeshStore,
  ) {}

  async getModel(): Promise<MeshModel> {
    const [snapshot, records] = await Promise.all([this.discovery.getSnapshot(), this.store.listMeshes()]);
    const stored = JSON.stringify(records);
    if (this.last?.snapshot === snapshot && this.last.stored === stored) {
      return this.last.model;
    }
    const model = buildMeshModel(snapshot, records);
    this.last = { snapshot, stored, model };
    return model;
  }
}
