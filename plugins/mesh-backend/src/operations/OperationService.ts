import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  MeshOperation,
  MeshOperationLogResponse,
  MeshOperationPlan,
  MeshOperationStatus,
} from '@meshfleet/plugin-mesh-common';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { KindRegistry } from './KindRegistry';
import { OperationAccess, principalOf } from './OperationAccess';
import { OperationNotifier } from './OperationNotifier';
import { planOperation } from './planOperation';
import { IdempotencyKeyTakenError, MeshBusyError, OperationStore } from './store/OperationStore';
import { AnyOperationKindDefinition } from './types';

/** How many log entries one answer carries at most; a reader asks again for the rest. */
export const LOG_PAGE_SIZE = 500;
/** How many operations a list answers at most. */
export const MAX_LIST_LIMIT = 500;

const ENDED: MeshOperationStatus[] = ['succeeded', 'failed'];

export interface OperationServiceOptions<S> {
  store: OperationStore;
  kinds: KindRegistry<S>;
  services: S;
  access: OperationAccess;
  notifier: OperationNotifier;
  /** Woken when an operation is started or retried, so this replica claims it at once. */
  runner: { wake(): void };
  now?: () => Date;
  /** How often a waiting log read looks in the database for lines another replica wrote. */
  logPollIntervalMs?: number;
}

/** The outcome of `start`: a new or an earlier operation, or the plan of a dry run. */
export type StartOutcome =
  | { type: 'started'; operation: MeshOperation }
  | { type: 'existing'; operation: MeshOperation }
  | { type: 'plan'; plan: MeshOperationPlan };

/**
 * The operations API behind the routes: start (with idempotency keys and
 * dry runs), read, long-poll the log, retry. Every refusal happens before
 * anything is stored.
 */
export class OperationService<S> {
  private readonly now: () => Date;

  constructor(private readonly options: OperationServiceOptions<S>) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Checks in this order, each naming what is wrong: the body (400), the
   * permission (403), a repeated idempotency key (the earlier operation, or
   * 409 for another request), the mesh's running operation (409), the kind's
   * own refusals (400/404/409). Then plans (dry run) or records the operation.
   */
  async start(
    body: unknown,
    request: { credentials: BackstageCredentials; idempotencyKey?: string; dryRun?: boolean; signal?: AbortSignal },
  ): Promise<StartOutcome> {
    const { store, kinds, access, services } = this.options;
    const kind = kinds.forRequest((body as { kind?: unknown } | undefined)?.kind);
    const params = kind.parseParams(body);
    const meshId = kind.meshIdOf(params);
    await access.assertMayStart(kind, params, meshId, request.credentials);
    const requestedBy = principalOf(request.credentials);
    const key = request.dryRun ? undefined : request.idempotencyKey;
    if (key) {
      const existing = await store.getByIdempotencyKey(key);
      if (existing) {
        return { type: 'existing', operation: sameRequestOrConflict(existing, kind.kind, params, requestedBy) };
      }
    }
    const active = await store.findActive(meshId);
    if (active) {
      throw new MeshBusyError(active);
    }
    await kind.validate(params, services);
    if (request.dryRun) {
      return { type: 'plan', plan: await planOperation(kind, params, meshId, services, request.signal) };
    }
    return this.record(kind, params, meshId, requestedBy, key);
  }

  async list(
    filter: { meshId?: string; status?: MeshOperationStatus; limit?: number },
    credentials: BackstageCredentials,
  ): Promise<MeshOperation[]> {
    const limit = Math.min(filter.limit ?? 50, MAX_LIST_LIMIT);
    const readable = await this.options.access.readFilter(credentials);
    // Read more than asked, as some may be filtered out by the caller's permissions.
    const candidates = await this.options.store.list({ ...filter, limit: Math.min(limit * 4, 2000) });
    return candidates.filter(readable).slice(0, limit);
  }

  /** The operation, or a NotFoundError also when the caller may not read it. */
  async get(id: string, credentials: BackstageCredentials): Promise<MeshOperation> {
    const operation = await this.options.store.get(id);
    if (!operation || !(await this.options.access.readFilter(credentials))(operation)) {
      throw new NotFoundError(`No operation with id '${id}'`);
    }
    return operation;
  }

  /**
   * The log after `after`. Waits up to `waitSeconds` for entries; answers
   * at once when there are some, the operation has ended, or the caller
   * went away. `done` is decided on the status read before the entries, and
   * the runner stores every line before it records the end, so `done`
   * implies the whole log was returned.
   */
  async readLog(
    id: string,
    query: { after?: number; waitSeconds?: number },
    credentials: BackstageCredentials,
    signal?: AbortSignal,
  ): Promise<MeshOperationLogResponse> {
    const { store } = this.options;
    const after = query.after ?? 0;
    const deadline = this.now().getTime() + Math.min(query.waitSeconds ?? 0, 30) * 1000;
    let operation = await this.get(id, credentials);
    for (;;) {
      const entries = await store.readLog(id, after, LOG_PAGE_SIZE);
      const ended = ENDED.includes(operation.status);
      const remaining = deadline - this.now().getTime();
      if (entries.length > 0 || ended || remaining <= 0 || signal?.aborted) {
        return {
          entries,
          nextSeq: entries.length > 0 ? entries[entries.length - 1].seq : after,
          done: ended && entries.length < LOG_PAGE_SIZE,
        };
      }
      await this.changeOf(id, Math.min(remaining, this.options.logPollIntervalMs ?? 1000), signal);
      operation = (await store.get(id)) ?? operation;
    }
  }

  /** Puts a failed operation back to pending; it resumes at its failed step. */
  async retry(id: string, credentials: BackstageCredentials): Promise<MeshOperation> {
    const { store, kinds, access, notifier, runner } = this.options;
    const operation = await this.get(id, credentials);
    const kind = kinds.forRequest(operation.kind);
    await access.assertMayStart(kind, kind.parseParams(operation.params), operation.meshId, credentials);
    const retried = await store.retry(id);
    const resumeAt = retried.steps.find(s => s.status !== 'succeeded');
    await store.appendLog(id, {
      at: this.now(),
      level: 'info',
      message: `Retry requested by ${principalOf(credentials)}; resumes at step '${resumeAt?.id ?? 'none'}'`,
    });
    await notifier.statusChanged(retried);
    runner.wake();
    return retried;
  }

  private async record(
    kind: AnyOperationKindDefinition<S>,
    params: unknown,
    meshId: string,
    requestedBy: string,
    idempotencyKey: string | undefined,
  ): Promise<StartOutcome> {
    const { store, notifier, runner } = this.options;
    const steps = kind.steps(params).map(({ id, title }) => ({ id, title }));
    assertDistinctStepIds(kind.kind, steps);
    let operation: MeshOperation;
    try {
      operation = await store.create({
        id: randomUUID(),
        meshId,
        kind: kind.kind,
        params: params as Record<string, unknown>,
        requestedBy,
        idempotencyKey,
        createdAt: this.now(),
        steps,
      });
    } catch (error) {
      // The same key sent twice at the same moment: the second gets the first's operation.
      if (error instanceof IdempotencyKeyTakenError) {
        return { type: 'existing', operation: sameRequestOrConflict(error.existing, kind.kind, params, requestedBy) };
      }
      throw error;
    }
    await store.appendLog(operation.id, { at: this.now(), level: 'info', message: `Requested by ${requestedBy}` });
    await notifier.statusChanged(operation);
    runner.wake();
    return { type: 'started', operation };
  }

  /** Resolves when this process changes the operation, after `ms`, or when the signal aborts. */
  private changeOf(id: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise(resolve => {
      const cleanups: Array<() => void> = [];
      const done = () => {
        cleanups.forEach(cleanup => cleanup());
        resolve();
      };
      const timer = setTimeout(done, ms);
      cleanups.push(() => clearTimeout(timer), this.options.store.onChange(id, done));
      signal?.addEventListener('abort', done, { once: true });
      cleanups.push(() => signal?.removeEventListener('abort', done));
    });
  }
}

/** The earlier operation when it was started by the same caller with the same request; a 409 otherwise. */
function sameRequestOrConflict(existing: MeshOperation, kind: string, params: unknown, requestedBy: string): MeshOperation {
  const same =
    existing.kind === kind &&
    existing.requestedBy === requestedBy &&
    isDeepStrictEqual(existing.params, JSON.parse(JSON.stringify(params)));
  if (!same) {
    throw new ConflictError(
      `Idempotency-Key '${existing.idempotencyKey}' was used for another request (operation '${existing.id}', ${existing.kind} of mesh '${existing.meshId}'); use a new key for a new request`,
    );
  }
  return existing;
}

function assertDistinctStepIds(kind: string, steps: Array<{ id: string }>): void {
  const seen = new Set<string>();
  for (const { id } of steps) {
    if (seen.has(id)) {
      throw new Error(`Operation kind '${kind}' has two steps with id '${id}'; step ids must be unique within a kind`);
    }
    seen.add(id);
  }
}
