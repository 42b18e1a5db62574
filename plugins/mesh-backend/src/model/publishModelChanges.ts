import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { MESH_MODEL_CHANGED_TOPIC, MeshModelChangedEvent } from '@meshfleet/plugin-mesh-common';
import type { MeshDiscoveryService } from '../discovery/live/MeshDiscoveryService';
import type { FleetSnapshot } from '../discovery/types';
import { changedClusters } from './changedClusters';

/**
 * Announces on Backstage's events service which clusters changed, so that the
 * catalog module (and any other consumer) refreshes at once. Returns the
 * unsubscribe function.
 */
export function publishModelChanges(options: {
  discovery: MeshDiscoveryService;
  events: EventsService;
  logger: LoggerService;
}): () => void {
  const { discovery, events, logger } = options;
  let last: FleetSnapshot | undefined;
  return discovery.subscribe(snapshot => {
    const clusters = changedClusters(last, snapshot);
    last = snapshot;
    if (clusters.length === 0) {
      return;
    }
    const eventPayload: MeshModelChangedEvent = { clusters, meshes: [], changedAt: new Date().toISOString() };
    events.publish({ topic: MESH_MODEL_CHANGED_TOPIC, eventPayload }).catch(error => {
      logger.warn(`Could not publish ${MESH_MODEL_CHANGED_TOPIC} for clusters ${clusters.join(', ')}: ${error}`);
    });
  });
}
