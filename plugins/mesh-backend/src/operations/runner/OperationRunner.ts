import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { LeaseLostError } from '../errors';
import { KindRegistry } from '../KindRegistry';
import { OperationNotifier } from '../OperationNotifier';
import { ClaimCandidate, OperationStore } from '../store/OperationStore';
import { runClaimedOperation } from './runClaimedOperation';

/** The runner's clocks; tests shorten them. */
export interface RunnerTimings {
  /** How long a claim holds without a heartbeat. */
  leaseDurationMs: number;
  /** How often the lease is renewed (default: a third of the lease). */
  heartbeatIntervalMs: number;
  /** How often the database is asked for work when nothing wakes the runner. */
  pollIntervalMs: number;
  /** How long `stop` waits for aborted steps to return before it gives up on them. */
  shutdownGraceMs: number;
}

export interface OperationRunnerOptions<S> {
  store: OperationStore;
  kinds: KindRegistry<S>;
  /** Handed to every step. */
  services: S;
  notifier: OperationNotifier;
  logger: LoggerService;
  /** At most this many operations at once on this replica. */
  concurrency: number;
  timings: Pick<RunnerTimings, 'leaseDurationMs'> & Partial<RunnerTimings>;
  /** The clock leases are computed with (every replica's should agree). */
  now?: () => Date;
  /** Random per process unless given. */
  replicaId?: string;
}

const DEFAULT_POLL_INTERVAL_MS = 2000;
const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

interface RunningOperation {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * The operations runner of one backend replica. It claims pending (and
 * abandoned) operations from the database with a lease, at most
 * `concurrency` at once, runs each from its first unfinished step, and keeps
 * the lease alive with a heartbeat; a lost lease aborts the local run, so
 * with several replicas on one database every operation runs on exactly one
 * of them at a time. It polls, and is woken at once when this replica starts
 * or retries an operation, or finishes one.
 */
export class OperationRunner<S> {
  readonly replicaId: string;
  private readonly timings: RunnerTimings;
  private readonly now: () => Date;
  private readonly running = new Map<string, RunningOperation>();
  private stopped = true;
  private loop?: Promise<void>;
  private wakeRequested = false;
  private wakeUp?: () => void;

  constructor(private readonly options: OperationRunnerOptions<S>) {
    this.replicaId = options.replicaId ?? `replica-${randomUUID()}`;
    this.now = options.now ?? (() => new Date());
    const { leaseDurationMs } = options.timings;
    this.timings = {
      leaseDurationMs,
      heartbeatIntervalMs: options.timings.heartbeatIntervalMs ?? Math.floor(leaseDurationMs / 3),
      pollIntervalMs: options.timings.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      shutdownGraceMs: options.timings.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS,
    };
  }

  /** Starts the loop (not awaited: it runs until `stop`). */
  start(): void {
    if (!this.stopped) {
      return;
    }
    this.stopped = false;
    this.loop = this.runLoop();
  }

  /** Looks for work now instead of at the next poll. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  /**
   * Stops claiming, aborts the running steps and gives their leases up once
   * they returned, so another replica (or the next start) resumes them at once.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    const running = [...this.running.values()];
    for (const { controller } of running) {
      controller.abort(new Error('the backend is shutting down'));
    }
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>(resolve => {
      timer = setTimeout(resolve, this.timings.shutdownGraceMs);
    });
    await Promise.race([Promise.allSettled(running.map(r => r.done)), grace]);
    clearTimeout(timer);
  }

  /** Ids of the operations this replica runs now. */
  runningOperations(): string[] {
    return [...this.running.keys()];
  }

  private async runLoop(): Promise<void> {
    while (!this.stopped) {
      this.wakeRequested = false;
      try {
        await this.claimWork();
      } catch (error) {
        this.options.logger.warn(`Operations runner ${this.replicaId} could not look for work: ${error}`);
      }
      await this.sleep();
    }
  }

  private async sleep(): Promise<void> {
    if (this.wakeRequested || this.stopped) {
      return;
    }
    await new Promise<void>(resolve => {
      const timer = setTimeout(resolve, this.timings.pollIntervalMs);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = undefined;
  }

  private async claimWork(): Promise<void> {
    const { store, kinds, concurrency } = this.options;
    const free = concurrency - this.running.size;
    if (free <= 0) {
      return;
    }
    // A few more than the free slots: another replica may take some first.
    const candidates = await store.listClaimable(this.now(), kinds.names(), free + this.running.size + 4);
    for (const candidate of candidates) {
      if (this.stopped || this.running.size >= concurrency) {
        return;
      }
      if (this.running.has(candidate.id)) {
        continue;
      }
      const now = this.now();
      if (await store.claim(candidate.id, this.replicaId, now, this.leaseFrom(now))) {
        this.launch(candidate);
      }
    }
  }

  private launch(candidate: ClaimCandidate): void {
    const controller = new AbortController();
    const done = this.execute(candidate, controller)
      .catch(error => {
        this.options.logger.error(`Operation '${candidate.id}' stopped on replica ${this.replicaId}: ${error}`);
      })
      .finally(() => {
        this.running.delete(candidate.id);
        this.wake();
      });
    this.running.set(candidate.id, { controller, done });
  }

  private async execute(candidate: ClaimCandidate, controller: AbortController): Promise<void> {
    const { store, notifier } = this.options;
    const heartbeat = this.keepLease(candidate.id, controller);
    try {
      if (candidate.status === 'pending') {
        const operation = await store.get(candidate.id);
        if (operation) {
          await notifier.statusChanged(operation);
        }
      }
      await runClaimedOperation(
        { ...this.options, replicaId: this.replicaId, now: this.now },
        candidate.id,
        controller.signal,
      );
    } finally {
      heartbeat.stop();
      if (controller.signal.aborted && !(controller.signal.reason instanceof LeaseLostError)) {
        // Shutdown: hand the operation on at once rather than after the lease expires.
        await store.release(candidate.id, this.replicaId).catch(() => undefined);
      }
    }
  }

  /**
   * Renews the lease every heartbeat interval. When another replica holds it,
   * or renewing failed for longer than the lease lasts, the run is aborted.
   */
  private keepLease(id: string, controller: AbortController): { stop(): void } {
    const { store, logger } = this.options;
    let heldUntil = this.leaseFrom(this.now());
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const beat = async () => {
      const now = this.now();
      try {
        if (await store.renewLease(id, this.replicaId, this.leaseFrom(now))) {
          heldUntil = this.leaseFrom(now);
        } else {
          controller.abort(new LeaseLostError(id));
        }
      } catch (error) {
        logger.warn(`Could not renew the lease of operation '${id}': ${error}`);
        if (now >= heldUntil) {
          controller.abort(new LeaseLostError(id));
        }
      }
      if (!stopped && !controller.signal.aborted) {
        timer = setTimeout(beat, this.timings.heartbeatIntervalMs);
      }
    };
    timer = setTimeout(beat, this.timings.heartbeatIntervalMs);
    return {
      stop() {
        stopped = true;
        clearTimeout(timer);
      },
    };
  }

  private leaseFrom(now: Date): Date {
    return new Date(now.getTime() + this.timings.leaseDurationMs);
  }
}
