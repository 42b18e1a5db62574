import { ConflictError } from '@backstage/errors';
import {
  MeshOperation,
  MeshOperationError,
  MeshOperationLogEntry,
  MeshOperationStatus,
} from '@meshfleet/plugin-mesh-common';
import { JsonValue } from '../types';

/** What starting an operation records. */
export interface NewOperation {
  id: string;
  meshId: string;
  kind: string;
  /** The kind's parsed parameters (JSON, never secrets). */
  params: Record<string, unknown>;
  requestedBy: string;
  idempotencyKey?: string;
  createdAt: Date;
  steps: Array<{ id: string; title: string }>;
}

/** Which operations `list` returns, newest first. */
export interface OperationFilter {
  meshId?: string;
  status?: MeshOperationStatus;
  limit: number;
}

/** An operation a replica may claim: pending, or running under an expired (or no) lease. */
export interface ClaimCandidate {
  id: string;
  kind: string;
  status: MeshOperationStatus;
}

/** A line to append to an operation's log (already redacted). */
export interface NewLogEntry {
  at: Date;
  level: MeshOperationLogEntry['level'];
  step?: string;
  message: string;
}

/** What a succeeded step hands on. */
export interface CompletedStep {
  detail: string;
  state?: Record<string, JsonValue>;
  outputs?: Record<string, string | number | boolean>;
}

/**
 * Mesh operations in the database. The API side creates, reads, lists and
 * retries them; the runner side claims them with a lease and records their
 * steps. Every runner-side write is conditional on the caller still holding
 * the lease (`claimed_by`), and throws a `LeaseLostError` otherwise, so a
 * replica that lost an operation can never write over the one that took it.
 */
export interface OperationStore {
  /**
   * Records a pending operation and its steps. Throws an
   * {@link IdempotencyKeyTakenError} when the key is taken, a
   * {@link MeshBusyError} while another operation of the mesh is pending or
   * running (a database guarantee); nothing is written then.
   */
  create(operation: NewOperation): Promise<MeshOperation>;
  get(id: string): Promise<MeshOperation | undefined>;
  getByIdempotencyKey(key: string): Promise<MeshOperation | undefined>;
  /** The mesh's pending or running operation, if any. */
  findActive(meshId: string): Promise<MeshOperation | undefined>;
  list(filter: OperationFilter): Promise<MeshOperation[]>;
  /**
   * Puts a failed operation back to pending; its failed step becomes pending
   * again and the steps that succeeded stay so. Throws NotFoundError,
   * ConflictError (not failed) or {@link MeshBusyError}.
   */
  retry(id: string): Promise<MeshOperation>;
  /** Entries with `seq > after`, in order, at most `limit`. */
  readLog(id: string, after: number, limit: number): Promise<MeshOperationLogEntry[]>;
  /** Appends one entry with the next `seq` and returns it. */
  appendLog(id: string, entry: NewLogEntry): Promise<number>;

  /** Operations of these kinds a replica may claim at `now`, oldest first. */
  listClaimable(now: Date, kinds: string[], limit: number): Promise<ClaimCandidate[]>;
  /**
   * Claims the operation for `replica` until `leaseUntil` with one conditional
   * UPDATE (pending or running, unclaimed or its lease expired at `now`); a
   * pending one becomes running. True when this replica got it.
   */
  claim(id: string, replica: string, now: Date, leaseUntil: Date): Promise<boolean>;
  /** Extends the lease; false when `replica` no longer holds it. */
  renewLease(id: string, replica: string, leaseUntil: Date): Promise<boolean>;
  /** Gives the lease up (the operation stays as it is, for any replica to resume). */
  release(id: string, replica: string): Promise<void>;
  /** The state earlier steps handed on. */
  getState(id: string): Promise<Record<string, JsonValue>>;
  /** Marks step `index` running, counts the attempt and returns the attempt number. */
  startStep(id: string, replica: string, index: number, now: Date): Promise<number>;
  /** Marks step `index` succeeded and merges its state and outputs into the operation's. */
  completeStep(id: string, replica: string, index: number, now: Date, result: CompletedStep): Promise<void>;
  /** Marks step `index` and the operation failed, and gives up the lease. */
  fail(id: string, replica: string, index: number, now: Date, error: MeshOperationError): Promise<void>;
  /** Marks the operation succeeded and gives up the lease. */
  succeed(id: string, replica: string, now: Date): Promise<void>;

  /**
   * Calls `listener` when this process appends to the operation's log or
   * changes its status (the log's long-poll waits on it; changes made by
   * other replicas are found by polling). Returns the unsubscribe function.
   */
  onChange(id: string, listener: () => void): () => void;
}

/** Another operation of the mesh is pending or running. */
export class MeshBusyError extends ConflictError {
  constructor(readonly active: Pick<MeshOperation, 'id' | 'kind' | 'status' | 'meshId'>) {
    super(
      `Mesh '${active.meshId}' already has operation '${active.id}' (${active.kind}) ${active.status}; ` +
        'one operation per mesh runs at a time: wait until it ends (GET /operations/{operationId}), then start this one',
    );
  }
}

/** An operation with this idempotency key exists. */
export class IdempotencyKeyTakenError extends ConflictError {
  constructor(readonly existing: MeshOperation) {
    super(`Idempotency-Key '${existing.idempotencyKey}' belongs to operation '${existing.id}'`);
  }
}
