import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  MESH_OPERATION_CHANGED_TOPIC,
  MeshOperation,
  MeshOperationChangedEvent,
} from '@meshfleet/plugin-mesh-common';

/**
 * Tells the rest of Backstage about operations: every status change on the
 * events service (`meshfleet.operation.changed`), and every end through the
 * auditor (starts and retries are audited by the routes, with the request).
 * A failure to tell is logged, never the operation's failure.
 */
export class OperationNotifier {
  constructor(
    private readonly options: { events: EventsService; auditor: AuditorService; logger: LoggerService },
  ) {}

  async statusChanged(operation: Pick<MeshOperation, 'id' | 'meshId' | 'kind' | 'status'>): Promise<void> {
    const eventPayload: MeshOperationChangedEvent = {
      operationId: operation.id,
      meshId: operation.meshId,
      kind: operation.kind,
      status: operation.status,
    };
    try {
      await this.options.events.publish({ topic: MESH_OPERATION_CHANGED_TOPIC, eventPayload });
    } catch (error) {
      this.options.logger.warn(`Could not publish ${MESH_OPERATION_CHANGED_TOPIC} for operation '${operation.id}': ${error}`);
    }
  }

  /** Publishes the final status and audits the end (`mesh-operation-end`, as the plugin itself). */
  async ended(operation: MeshOperation): Promise<void> {
    await this.statusChanged(operation);
    const meta = {
      operationId: operation.id,
      meshId: operation.meshId,
      kind: operation.kind,
      requestedBy: operation.requestedBy,
      status: operation.status,
    };
    try {
      const event = await this.options.auditor.createEvent({ eventId: 'mesh-operation-end', severityLevel: 'medium', meta });
      if (operation.status === 'failed' && operation.error) {
        const error = new Error(`Step '${operation.error.step}' failed: ${operation.error.message}`);
        await event.fail({ error, meta: { ...meta, completedSteps: operation.error.completedSteps } });
      } else {
        await event.success({ meta: { ...meta, outputs: operation.outputs } });
      }
    } catch (error) {
      this.options.logger.warn(`Could not audit the end of operation '${operation.id}': ${error}`);
    }
  }
}
