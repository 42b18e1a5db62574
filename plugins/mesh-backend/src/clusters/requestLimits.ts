import PQueue from 'p-queue';

/** Raised when a wait for a request or read slot ends because the reader stopped. */
export class StoppedWaitingError extends Error {
  constructor(what: string) {
    super(`stopped while waiting for ${what}`);
    this.name = 'StoppedWaitingError';
  }
}

/**
 * Settles like `wait`, or rejects as soon as `signal` aborts. The abort
 * listener is removed once `wait` settles, so long-lived signals collect none.
 */
function unlessStopped<T>(
  wait: Promise<T>,
  signal: AbortSignal,
  what: string,
): Promise<T> {
  if (signal.aborted) {
    wait.catch(() => undefined);
    return Promise.reject(new StoppedWaitingError(what));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new StoppedWaitingError(what));
    signal.addEventListener('abort', onAbort, { once: true });
    wait.then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** How fast Meshfleet may send requests to one cluster. */
export interface RequestRate {
  /** Requests per second on average. */
  requestsPerSecond: number;
  /** Requests that may start at once (and in any window of burst / requestsPerSecond seconds). */
  burst: number;
}

/**
 * Paces the requests discovery sends to one cluster (lists, `/version`, and
 * each watch it opens or reopens), like client-go's QPS and burst: up to
 * `burst` requests start at once, and no more than `burst` start in any
 * window of `burst / requestsPerSecond` seconds, so the average stays at
 * `requestsPerSecond`. One per cluster name: clusters that share an API
 * server are paced separately.
 */
export class ClusterRequestPacer {
  private readonly queue: PQueue;

  constructor(rate: RequestRate) {
    this.queue = new PQueue({
      intervalCap: rate.burst,
      interval: Math.ceil((rate.burst / rate.requestsPerSecond) * 1000),
    });
  }

  /**
   * Resolves when the next request may start; rejects with
   * {@link StoppedWaitingError} if `signal` aborts first.
   */
  admit(signal: AbortSignal): Promise<void> {
    return unlessStopped(
      this.queue.add(() => undefined),
      signal,
      'a request slot',
    );
  }
}

/**
 * Limits how many clusters are read in full (version and every list) at once,
 * across all clusters: at start, and when many clusters resync together, the
 * backend parses a bounded number of list responses at a time instead of
 * hundreds. Watches do not hold a slot.
 */
export class ClusterReadSlots {
  private readonly queue: PQueue;

  constructor(concurrency: number) {
    this.queue = new PQueue({ concurrency });
  }

  /**
   * Runs `read` when a slot is free; rejects with {@link StoppedWaitingError}
   * if `signal` aborts before, and then `read` never runs.
   */
  run<T>(read: () => Promise<T>, signal: AbortSignal): Promise<T> {
    return unlessStopped(
      this.queue.add(() => {
        if (signal.aborted) throw new StoppedWaitingError('a read slot');
        return read();
      }),
      signal,
      'a read slot',
    );
  }

  /** Reads waiting for a slot, and reads running. */
  load(): { waiting: number; running: number } {
    return { waiting: this.queue.size, running: this.queue.pending };
  }
}
