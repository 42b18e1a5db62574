import { KubeConfig, Watch } from '@kubernetes/client-node';
import type { ObjectList, ResourceSpec } from './resources';

/** The API server asked for a fresh list (e.g. 410 Gone): not a connectivity problem. */
export class RelistNeeded extends Error {
  constructor(description: string, reason: string) {
    super(`watch of ${description} must start over: ${reason}`);
    this.name = 'RelistNeeded';
  }
}

/** Adds what was being done to an error, keeping the original as cause. */
export class ClusterCallError extends Error {
  constructor(readonly action: string, readonly cause: unknown) {
    super(action);
    this.name = 'ClusterCallError';
  }
}

/**
 * Waits until the cluster's request pacing lets the next request start;
 * rejects when the reader stops while waiting.
 */
export type AdmitRequest = () => Promise<void>;

/** A list result not yet applied, so that a cluster's lists apply all together. */
export interface PendingList {
  apply(): void;
}

function keyOf(object: any): string {
  return `${object?.metadata?.namespace ?? ''}/${object?.metadata?.name ?? ''}`;
}

/** Watches that end sooner than this are retried after a pause, not at once. */
const MIN_WATCH_MS = 1000;

/**
 * One resource type of one cluster, kept in memory by list + watch
 * (Kubernetes' reflector pattern). Objects are filtered and reduced on arrival.
 */
export class ResourceMirror {
  private items = new Map<string, unknown>();
  private resourceVersion?: string;

  constructor(readonly spec: ResourceSpec) {}

  /** The mirrored objects. */
  objects(): unknown[] {
    return [...this.items.values()];
  }

  /** Lists the resource; the result replaces the mirror only when applied. */
  async list(kc: KubeConfig, admit: AdmitRequest): Promise<PendingList> {
    await admit();
    let list: ObjectList;
    try {
      list = await this.spec.list(kc, this.spec.labelSelector);
    } catch (error) {
      throw new ClusterCallError(`listing ${this.spec.description}`, error);
    }
    const items = new Map<string, unknown>();
    for (const object of list.items) {
      if (this.spec.keep?.(object) ?? true) {
        items.set(
          keyOf(object),
          this.spec.reduce ? this.spec.reduce(object) : object,
        );
      }
    }
    return {
      apply: () => {
        this.items = items;
        this.resourceVersion = list.metadata?.resourceVersion;
      },
    };
  }

  private applyEvent(type: string, object: any): boolean {
    if (object?.metadata?.resourceVersion) {
      this.resourceVersion = object.metadata.resourceVersion;
    }
    if (type === 'BOOKMARK') return false;
    const key = keyOf(object);
    const kept = type !== 'DELETED' && (this.spec.keep?.(object) ?? true);
    if (!kept) {
      return this.items.delete(key);
    }
    this.items.set(key, this.spec.reduce ? this.spec.reduce(object) : object);
    return true;
  }

  /** Runs one watch request until the server closes it, it fails, or `signal` aborts. */
  private watchOnce(
    kc: KubeConfig,
    signal: AbortSignal,
    onChange: () => void,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let controller: AbortController | undefined;
      const abort = () => {
        controller?.abort();
        resolve();
      };
      signal.addEventListener('abort', abort, { once: true });
      const finish = (error?: unknown) => {
        signal.removeEventListener('abort', abort);
        if (error && !signal.aborted) reject(error);
        else resolve();
      };
      const query = {
        labelSelector: this.spec.labelSelector,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
      };
      new Watch(kc)
        .watch(
          this.spec.path,
          query,
          (type, object) => {
            if (type === 'ERROR') {
              controller?.abort();
              finish(
                new RelistNeeded(
                  this.spec.description,
                  object?.message ?? 'watch error',
                ),
              );
              return;
            }
            if (this.applyEvent(type, object)) onChange();
          },
          error =>
            finish(
              error
                ? new ClusterCallError(
                    `watching ${this.spec.description}`,
                    error,
                  )
                : undefined,
            ),
        )
        .then(
          c => {
            controller = c;
            if (signal.aborted) c.abort();
          },
          error =>
            finish(
              new ClusterCallError(`watching ${this.spec.description}`, error),
            ),
        );
    });
  }

  /**
   * Watches from the last list until `signal` aborts; resumes after the server
   * closes a watch (it does so every few minutes). Each watch request waits
   * for `admit` first. Rejects on failure.
   */
  async watch(
    kc: KubeConfig,
    signal: AbortSignal,
    onChange: () => void,
    admit: AdmitRequest,
  ): Promise<void> {
    while (!signal.aborted) {
      await admit();
      if (signal.aborted) return;
      const started = Date.now();
      await this.watchOnce(kc, signal, onChange);
      const elapsed = Date.now() - started;
      if (!signal.aborted && elapsed < MIN_WATCH_MS) {
        await new Promise(r => setTimeout(r, MIN_WATCH_MS - elapsed));
      }
    }
  }
}
