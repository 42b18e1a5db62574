import {
  MeshOperation,
  MeshOperationError,
  MeshOperationKind,
  MeshOperationLogEntry,
  MeshOperationStatus,
  MeshOperationStep,
  MeshOperationStepStatus,
} from '@meshfleet/plugin-mesh-common';
import { JsonValue } from '../types';

export const OPERATIONS = 'meshfleet_operations';
export const STEPS = 'meshfleet_operation_steps';
export const LOG = 'meshfleet_operation_log';

/** A stored timestamp: a Date (PostgreSQL), epoch milliseconds (SQLite, written from a Date) or text. */
export type StoredTime = Date | number | string;

export interface OperationRow {
  id: string;
  mesh_id: string;
  kind: string;
  status: string;
  params: string;
  requested_by: string;
  idempotency_key: string | null;
  active_mesh_id: string | null;
  created_at: StoredTime;
  started_at: StoredTime | null;
  finished_at: StoredTime | null;
  claimed_by: string | null;
  lease_expires_at: StoredTime | null;
  error: string | null;
  outputs: string;
  state: string;
}

export interface StepRow {
  operation_id: string;
  idx: number;
  id: string;
  title: string;
  status: string;
  attempts: number;
  started_at: StoredTime | null;
  finished_at: StoredTime | null;
  detail: string | null;
}

export interface LogRow {
  operation_id: string;
  seq: number;
  at: StoredTime;
  level: string;
  step: string | null;
  message: string;
}

/** A stored timestamp as ISO 8601. SQLite's own `YYYY-MM-DD HH:MM:SS` text is UTC. */
export function toIso(value: StoredTime): string {
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'number' || /^\d+$/.test(value)) {
    return new Date(Number(value)).toISOString();
  }
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`;
  const parsed = new Date(withZone);
  if (Number.isNaN(parsed.getTime())) {
    throw new Error(`Unreadable timestamp '${value}' in the operations tables`);
  }
  return parsed.toISOString();
}

function optionalIso(value: StoredTime | null): string | undefined {
  return value === null || value === undefined ? undefined : toIso(value);
}

export function parseJsonObject(text: string | null, what: string): Record<string, JsonValue> {
  if (!text) {
    return {};
  }
  const value = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`The stored ${what} is not a JSON object`);
  }
  return value;
}

export function toStep(row: StepRow): MeshOperationStep {
  return {
    id: row.id,
    title: row.title,
    status: row.status as MeshOperationStepStatus,
    ...(row.started_at ? { startedAt: toIso(row.started_at) } : {}),
    ...(row.finished_at ? { finishedAt: toIso(row.finished_at) } : {}),
    attempts: Number(row.attempts),
    ...(row.detail ? { detail: row.detail } : {}),
  };
}

/** An operation row and its step rows (any order) as the API's operation. */
export function toOperation(row: OperationRow, steps: StepRow[]): MeshOperation {
  const startedAt = optionalIso(row.started_at);
  const finishedAt = optionalIso(row.finished_at);
  return {
    id: row.id,
    meshId: row.mesh_id,
    kind: row.kind as MeshOperationKind,
    status: row.status as MeshOperationStatus,
    params: parseJsonObject(row.params, `params of operation '${row.id}'`),
    requestedBy: row.requested_by,
    ...(row.idempotency_key ? { idempotencyKey: row.idempotency_key } : {}),
    createdAt: toIso(row.created_at),
    ...(startedAt ? { startedAt } : {}),
    ...(finishedAt ? { finishedAt } : {}),
    steps: steps
      .filter(s => s.operation_id === row.id)
      .sort((a, b) => a.idx - b.idx)
      .map(toStep),
    ...(row.error ? { error: JSON.parse(row.error) as MeshOperationError } : {}),
    outputs: parseJsonObject(row.outputs, `outputs of operation '${row.id}'`) as MeshOperation['outputs'],
  };
}

export function toLogEntry(row: LogRow): MeshOperationLogEntry {
  return {
    seq: Number(row.seq),
    at: toIso(row.at),
    level: row.level as MeshOperationLogEntry['level'],
    ...(row.step ? { step: row.step } : {}),
    message: row.message,
  };
}
