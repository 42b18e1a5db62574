import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { MESH_MODEL_CHANGED_TOPIC, MeshModelChangedEvent } from '@meshfleet/plugin-mesh-common';
import type { MeshDiscoveryService } from '../discovery/live/MeshDiscoveryService';

/**
 * Announces on Backstage's events service which clusters changed, so that the
 * catalog module (and any other consumer) refreshes at once. Only changes this
 * replica read from the clusters itself (it holds the discovery lease) are
 * announced: the other replicas load the same changes from the database, and
 * announcing them again would repeat each event once per replica. Returns the
 * unsubscribe function.
 */
export function publishModelChanges(options: {
  discovery: MeshDiscoveryService;
  events: EventsService;
  logger: LoggerService;
}): () => void {
  const { discovery, events, logger } = options;
  return discovery.subscribe((_snapshot, change) => {
    if (change.origin !== 'watches' || change.clusters.length === 0) {
      return;
    }
    const { clusters } = change;
    const eventPayload: MeshModelChangedEvent = { clusters, meshes: [], changedAt: new Date().toISOString() };
    events.publish({ topic: MESH_MODEL_CHANGED_TOPIC, eventPayload }).catch(error => {
      logger.warn(`Could not publish ${MESH_MODEL_CHANGED_TOPIC} for clusters ${clusters.join(', ')}: ${error}`);
    });
  });
}
