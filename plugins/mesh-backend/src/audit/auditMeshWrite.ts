import { AuditorService, AuditorServiceEventSeverityLevel } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { MeshRecord } from '@meshfleet/plugin-mesh-common';
import { Request } from 'express';

/** The audit event ids of the registry's writes (the plugin id `mesh` is added by the auditor). */
export type MeshAuditEventId =
  | 'mesh-registration-create'
  | 'mesh-registration-update'
  | 'mesh-registration-delete'
  | 'mesh-member-add'
  | 'mesh-member-remove';

/** What a write reports for the audit trail: the record before and after. */
export interface MeshWriteOutcome<T> {
  before?: MeshRecord;
  after?: MeshRecord;
  result: T;
}

/**
 * Runs one write of the mesh registry under Backstage's auditor: who (from the
 * request's credentials), what (event id, mesh id, request), and the record
 * before and after on success, or the error on failure, including refusals
 * (403, 409) so that attempts are on record too.
 */
export async function auditMeshWrite<T>(
  auditor: AuditorService,
  options: {
    eventId: MeshAuditEventId;
    severityLevel: AuditorServiceEventSeverityLevel;
    request: Request;
    meshId: string;
  },
  write: () => Promise<MeshWriteOutcome<T>>,
): Promise<T> {
  const { eventId, severityLevel, request, meshId } = options;
  const event = await auditor.createEvent({ eventId, severityLevel, request, meta: { meshId } });
  try {
    const { before, after, result } = await write();
    await event.success({ meta: { meshId, before: asJson(before), after: asJson(after) } });
    return result;
  } catch (error) {
    await event.fail({ error: error as Error, meta: { meshId } });
    throw error;
  }
}

/** A record as audit metadata; `null` when there is none (before a create, after a delete). */
function asJson(record: MeshRecord | undefined): JsonObject | null {
  return record ? (JSON.parse(JSON.stringify(record)) as JsonObject) : null;
}
