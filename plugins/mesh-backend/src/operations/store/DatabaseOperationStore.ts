import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { MeshOperation, MeshOperationError, MeshOperationLogEntry } from '@meshfleet/plugin-mesh-common';
import { Knex } from 'knex';
import { EventEmitter } from 'node:events';
import { isUniqueViolation } from '../../database/errors';
import { LeaseLostError } from '../errors';
import { JsonValue } from '../types';
import {
  ClaimCandidate,
  CompletedStep,
  IdempotencyKeyTakenError,
  MeshBusyError,
  NewLogEntry,
  NewOperation,
  OperationFilter,
  OperationStore,
} from './OperationStore';
import {
  LOG,
  LogRow,
  OPERATIONS,
  OperationRow,
  parseJsonObject,
  STEPS,
  StepRow,
  toLogEntry,
  toOperation,
} from './rows';

const migrationsDir = resolvePackagePath('@meshfleet/plugin-mesh-backend', 'migrations');

const ACTIVE = ['pending', 'running'];

/** How often an append retries when another writer took the same `seq` at the same moment. */
const APPEND_ATTEMPTS = 5;

/** {@link OperationStore} on the Backstage database (SQLite or PostgreSQL, via knex). */
export class DatabaseOperationStore implements OperationStore {
  private readonly changes = new EventEmitter();

  /** Connects and, unless the deployment manages migrations itself, migrates. */
  static async create(options: { database: DatabaseService }): Promise<DatabaseOperationStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseOperationStore(client);
  }

  private constructor(private readonly db: Knex) {
    // Every long-poll of a log listens; there is no fixed bound on them.
    this.changes.setMaxListeners(0);
  }

  async create(operation: NewOperation): Promise<MeshOperation> {
    try {
      await this.db.transaction(async tx => {
        await tx<OperationRow>(OPERATIONS).insert({
          id: operation.id,
          mesh_id: operation.meshId,
          kind: operation.kind,
          status: 'pending',
          params: JSON.stringify(operation.params),
          requested_by: operation.requestedBy,
          idempotency_key: operation.idempotencyKey ?? null,
          active_mesh_id: operation.meshId,
          created_at: operation.createdAt,
          outputs: '{}',
          state: '{}',
        });
        await tx<StepRow>(STEPS).insert(
          operation.steps.map((step, idx) => ({
            operation_id: operation.id,
            idx,
            id: step.id,
            title: step.title,
            status: 'pending',
            attempts: 0,
          })),
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw await this.conflictFor(operation);
      }
      throw error;
    }
    this.changed(operation.id);
    return (await this.get(operation.id))!;
  }

  /** Names what a unique violation on insert hit: the idempotency key or the mesh's active operation. */
  private async conflictFor(operation: NewOperation): Promise<Error> {
    const existing = operation.idempotencyKey ? await this.getByIdempotencyKey(operation.idempotencyKey) : undefined;
    if (existing) {
      return new IdempotencyKeyTakenError(existing);
    }
    const active = await this.findActive(operation.meshId);
    if (active) {
      return new MeshBusyError(active);
    }
    return new ConflictError(`Operation on mesh '${operation.meshId}' was not started: another one was started at the same moment`);
  }

  async get(id: string): Promise<MeshOperation | undefined> {
    return this.readOne(this.db<OperationRow>(OPERATIONS).where({ id }));
  }

  async getByIdempotencyKey(key: string): Promise<MeshOperation | undefined> {
    return this.readOne(this.db<OperationRow>(OPERATIONS).where({ idempotency_key: key }));
  }

  async findActive(meshId: string): Promise<MeshOperation | undefined> {
    return this.readOne(this.db<OperationRow>(OPERATIONS).where({ active_mesh_id: meshId }));
  }

  async list(filter: OperationFilter): Promise<MeshOperation[]> {
    let query = this.db<OperationRow>(OPERATIONS).orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'asc' },
    ]);
    if (filter.meshId) {
      query = query.where({ mesh_id: filter.meshId });
    }
    if (filter.status) {
      query = query.where({ status: filter.status });
    }
    const rows = await query.limit(filter.limit);
    return this.withSteps(rows);
  }

  async retry(id: string): Promise<MeshOperation> {
    try {
      await this.db.transaction(async tx => {
        const row = await tx<OperationRow>(OPERATIONS).where({ id }).first();
        if (!row) {
          throw new NotFoundError(`No operation with id '${id}'`);
        }
        const updated = await tx<OperationRow>(OPERATIONS).where({ id, status: 'failed' }).update({
          status: 'pending',
          active_mesh_id: row.mesh_id,
          error: null,
          finished_at: null,
          claimed_by: null,
          lease_expires_at: null,
        });
        if (updated === 0) {
          throw new ConflictError(`Operation '${id}' is ${row.status}; only a failed operation can be retried`);
        }
        await tx<StepRow>(STEPS).where({ operation_id: id, status: 'failed' }).update({ status: 'pending' });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        const operation = (await this.get(id))!;
        const active = await this.findActive(operation.meshId);
        throw active ? new MeshBusyError(active) : error;
      }
      throw error;
    }
    this.changed(id);
    return (await this.get(id))!;
  }

  async readLog(id: string, after: number, limit: number): Promise<MeshOperationLogEntry[]> {
    const rows = await this.db<LogRow>(LOG)
      .where({ operation_id: id })
      .andWhere('seq', '>', after)
      .orderBy('seq')
      .limit(limit);
    return rows.map(toLogEntry);
  }

  async appendLog(id: string, entry: NewLogEntry): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const last = await this.db<LogRow>(LOG).where({ operation_id: id }).max({ seq: 'seq' }).first();
      const seq = Number(last?.seq ?? 0) + 1;
      try {
        await this.db<LogRow>(LOG).insert({
          operation_id: id,
          seq,
          at: entry.at,
          level: entry.level,
          step: entry.step ?? null,
          message: entry.message,
        });
        this.changed(id);
        return seq;
      } catch (error) {
        if (!(isUniqueViolation(error) && attempt < APPEND_ATTEMPTS)) {
          throw error;
        }
      }
    }
  }

  async listClaimable(now: Date, kinds: string[], limit: number): Promise<ClaimCandidate[]> {
    if (kinds.length === 0) {
      return [];
    }
    const rows = await this.db<OperationRow>(OPERATIONS)
      .whereIn('status', ACTIVE)
      .whereIn('kind', kinds)
      .where(q => q.whereNull('claimed_by').orWhere('lease_expires_at', '<', now))
      .orderBy('created_at')
      .limit(limit)
      .select('id', 'kind', 'status');
    return rows as ClaimCandidate[];
  }

  async claim(id: string, replica: string, now: Date, leaseUntil: Date): Promise<boolean> {
    const updated = await this.db<OperationRow>(OPERATIONS)
      .where({ id })
      .whereIn('status', ACTIVE)
      .where(q => q.whereNull('claimed_by').orWhere('lease_expires_at', '<', now))
      .update({
        claimed_by: replica,
        lease_expires_at: leaseUntil,
        status: 'running',
        started_at: this.db.raw('COALESCE(??, ?)', ['started_at', now]),
      });
    if (updated === 1) {
      this.changed(id);
    }
    return updated === 1;
  }

  async renewLease(id: string, replica: string, leaseUntil: Date): Promise<boolean> {
    const updated = await this.db<OperationRow>(OPERATIONS)
      .where({ id, claimed_by: replica })
      .update({ lease_expires_at: leaseUntil });
    return updated === 1;
  }

  async release(id: string, replica: string): Promise<void> {
    await this.db<OperationRow>(OPERATIONS)
      .where({ id, claimed_by: replica })
      .update({ claimed_by: null, lease_expires_at: null });
  }

  async getState(id: string): Promise<Record<string, JsonValue>> {
    const row = await this.db<OperationRow>(OPERATIONS).where({ id }).first('state');
    if (!row) {
      throw new NotFoundError(`No operation with id '${id}'`);
    }
    return parseJsonObject(row.state, `state of operation '${id}'`);
  }

  async startStep(id: string, replica: string, index: number, now: Date): Promise<number> {
    return this.db.transaction(async tx => {
      await assertHeld(tx, id, replica);
      await tx<StepRow>(STEPS)
        .where({ operation_id: id, idx: index })
        .update({
          status: 'running',
          attempts: tx.raw('?? + 1', ['attempts']),
          started_at: now,
          finished_at: null,
          detail: null,
        });
      const step = await tx<StepRow>(STEPS).where({ operation_id: id, idx: index }).first('attempts');
      return Number(step!.attempts);
    });
  }

  async completeStep(id: string, replica: string, index: number, now: Date, result: CompletedStep): Promise<void> {
    await this.db.transaction(async tx => {
      const row = await assertHeld(tx, id, replica);
      await tx<OperationRow>(OPERATIONS)
        .where({ id, claimed_by: replica })
        .update({
          state: JSON.stringify({ ...parseJsonObject(row.state, 'state'), ...result.state }),
          outputs: JSON.stringify({ ...parseJsonObject(row.outputs, 'outputs'), ...result.outputs }),
        });
      await tx<StepRow>(STEPS)
        .where({ operation_id: id, idx: index })
        .update({ status: 'succeeded', finished_at: now, detail: result.detail });
    });
    this.changed(id);
  }

  async fail(id: string, replica: string, index: number, now: Date, error: MeshOperationError): Promise<void> {
    await this.db.transaction(async tx => {
      await assertHeld(tx, id, replica);
      await tx<StepRow>(STEPS).where({ operation_id: id, idx: index }).update({ status: 'failed', finished_at: now });
      await tx<OperationRow>(OPERATIONS)
        .where({ id, claimed_by: replica })
        .update({ ...ended(now), status: 'failed', error: JSON.stringify(error) });
    });
    this.changed(id);
  }

  async succeed(id: string, replica: string, now: Date): Promise<void> {
    const updated = await this.db<OperationRow>(OPERATIONS)
      .where({ id, claimed_by: replica })
      .update({ ...ended(now), status: 'succeeded' });
    if (updated === 0) {
      throw new LeaseLostError(id);
    }
    this.changed(id);
  }

  onChange(id: string, listener: () => void): () => void {
    this.changes.on(id, listener);
    return () => this.changes.off(id, listener);
  }

  private changed(id: string): void {
    this.changes.emit(id);
  }

  private async readOne(query: Knex.QueryBuilder<OperationRow>): Promise<MeshOperation | undefined> {
    const row = (await query.first()) as OperationRow | undefined;
    return row ? (await this.withSteps([row]))[0] : undefined;
  }

  private async withSteps(rows: OperationRow[]): Promise<MeshOperation[]> {
    if (rows.length === 0) {
      return [];
    }
    const steps = await this.db<StepRow>(STEPS).whereIn(
      'operation_id',
      rows.map(r => r.id),
    );
    return rows.map(row => toOperation(row, steps));
  }
}

/** The columns an operation's end sets: finished, unclaimed, no longer the mesh's active operation. */
function ended(now: Date): Partial<OperationRow> {
  return { finished_at: now, claimed_by: null, lease_expires_at: null, active_mesh_id: null };
}

/**
 * The operation's row when `replica` holds its lease; a LeaseLostError
 * otherwise. The check is a conditional write, so on PostgreSQL it also locks
 * the row until the transaction ends: another replica's claim waits for it
 * and then sees the lease this transaction kept.
 */
async function assertHeld(tx: Knex.Transaction, id: string, replica: string): Promise<OperationRow> {
  const held = await tx<OperationRow>(OPERATIONS).where({ id, claimed_by: replica }).update({ claimed_by: replica });
  if (held === 0) {
    throw new LeaseLostError(id);
  }
  return (await tx<OperationRow>(OPERATIONS).where({ id }).first())!;
}
