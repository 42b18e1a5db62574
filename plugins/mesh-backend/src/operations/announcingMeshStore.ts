import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { MESH_MODEL_CHANGED_TOPIC, MeshModelChangedEvent, MeshRecord } from '@meshfleet/plugin-mesh-common';
import { MeshStore } from '../database/MeshStore';

/**
 * The registry as operations' steps see it: the same store, and every write
 * through it announces `meshfleet.model.changed` (the mesh, and its clusters
 * before and after), as the write API does, so the catalog module and the
 * frontend see a mesh an operation registered, changed or deleted at once.
 * The write is committed before the announcement; a failed announcement is
 * logged, not the step's failure.
 */
export function announcingMeshStore(store: MeshStore, events: EventsService, logger: LoggerService): MeshStore {
  const announce = async (before: MeshRecord | undefined, after: MeshRecord | undefined) => {
    const meshId = (after ?? before)!.id;
    const eventPayload: MeshModelChangedEvent = {
      meshes: [meshId],
      clusters: [...new Set([...clustersOf(before), ...clustersOf(after)])].sort(),
      changedAt: new Date().toISOString(),
    };
    try {
      await events.publish({ topic: MESH_MODEL_CHANGED_TOPIC, eventPayload });
    } catch (error) {
      logger.warn(`Could not publish ${MESH_MODEL_CHANGED_TOPIC} for mesh '${meshId}': ${error}`);
    }
  };
  return {
    listMeshes: () => store.listMeshes(),
    getMesh: id => store.getMesh(id),
    async createMesh(mesh) {
      const after = await store.createMesh(mesh);
      await announce(undefined, after);
      return after;
    },
    async updateMesh(id, expectedVersion, changes) {
      const before = await store.getMesh(id);
      const after = await store.updateMesh(id, expectedVersion, changes);
      await announce(before, after);
      return after;
    },
    async deleteMesh(id, expectedVersion) {
      const before = await store.deleteMesh(id, expectedVersion);
      await announce(before, undefined);
      return before;
    },
  };
}

function clustersOf(record: MeshRecord | undefined): string[] {
  return record ? [record.controlPlaneCluster, ...record.members.map(m => m.cluster)] : [];
}
