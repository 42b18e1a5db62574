import type { LoggerService } from '@backstage/backend-plugin-api';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import type { ClusterStatus } from '@meshfleet/plugin-mesh-common';
import type { ClusterCredentials } from '../../clusters/authStrategies';
import { backoffDelay, BackoffOptions } from '../../clusters/backoff';
import { describeError } from '../../clusters/describeError';
import { kubeConfigFor } from '../../clusters/kubeConfig';
import type {
  ClusterReadSlots,
  ClusterRequestPacer,
} from '../../clusters/requestLimits';
import { authProviderOf, MeshCluster } from '../../clusters/types';
import type { RawClusterObjects } from '../types';
import { interruptibleSleep, withTimeout } from './interruptibleSleep';
import {
  ClusterCallError,
  RelistNeeded,
  ResourceMirror,
} from './ResourceMirror';
import type { ResourceSpec } from './resources';

/** How long one list or version call may take before the cluster counts as unreachable. */
const CALL_TIMEOUT_MS = 30_000;

/** What a {@link ClusterReader} needs besides its cluster. */
export interface ClusterReaderOptions {
  credentials: ClusterCredentials;
  resources: ResourceSpec[];
  logger: LoggerService;
  /** Full relist period; watches carry changes in between. */
  resyncIntervalMs: number;
  backoff?: BackoffOptions;
  /** Paces this cluster's requests (none when absent). */
  pacer?: ClusterRequestPacer;
  /** Shared by all readers: how many clusters are read in full at once (no limit when absent). */
  readSlots?: ClusterReadSlots;
  /** Called after every change of objects or status. */
  onChange: () => void;
}

function describeFailure(error: unknown): string {
  if (error instanceof ClusterCallError) {
    return `${describeError(error.cause)} (${error.action})`;
  }
  return describeError(error);
}

/**
 * Keeps one cluster's Istio objects in memory through list + watch and tracks
 * whether the cluster is reachable. Failures back off exponentially with
 * jitter; the last objects read are kept while the cluster is unreachable.
 * One reader per cluster, so one cluster's outage does not touch the others.
 *
 * A cluster whose auth provider takes a signed-in user's token is not read at
 * all: it is marked `needs-user-credentials` once, with that reason, and never
 * retried, because no retry can obtain a user's token.
 */
export class ClusterReader {
  private readonly mirrors: ResourceMirror[];
  private currentStatus: ClusterStatus;
  private hasListed = false;
  private stopped = false;
  private attempt = 0;
  private wake = new AbortController();
  /** Aborted by stop() only, unlike `wake`: ends waits for request and read slots. */
  private readonly stopper = new AbortController();
  private syncWaiters: Array<() => void> = [];
  private loopDone?: Promise<void>;
  private attempted!: () => void;
  private readonly firstAttemptDone = new Promise<void>(resolve => {
    this.attempted = resolve;
  });

  constructor(
    readonly cluster: MeshCluster,
    private readonly options: ClusterReaderOptions,
  ) {
    this.mirrors = options.resources.map(spec => new ResourceMirror(spec));
    this.currentStatus = {
      ...clusterIdentity(cluster),
      reachability: 'unknown',
    };
  }

  /** Starts reading in the background. */
  start(): void {
    if (this.loopDone) return;
    const userCredentialReason = this.options.credentials.userCredentialReason(
      this.cluster,
    );
    if (userCredentialReason) {
      this.markNeedsUserCredentials(userCredentialReason);
      // Nothing will ever be read: refresh() and stop() return at once.
      this.stopped = true;
      this.loopDone = Promise.resolve();
      return;
    }
    this.loopDone = this.loop();
  }

  /**
   * Resolves once the first read has been tried (whatever its outcome), or
   * the reader stopped; unlike `refresh()` it does not start another read.
   */
  firstAttempt(): Promise<void> {
    return this.firstAttemptDone;
  }

  /** Stops watches and retries; resolves when the reader is idle. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopper.abort();
    this.wake.abort();
    this.releaseWaiters();
    this.attempted();
    await this.loopDone;
  }

  /** Lists everything again now (skipping any backoff wait); resolves after that attempt. */
  refresh(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const done = new Promise<void>(resolve => this.syncWaiters.push(resolve));
    this.wake.abort();
    return done;
  }

  /** Connection state, without secrets. */
  status(): ClusterStatus {
    return { ...this.currentStatus };
  }

  /** The last objects read, or undefined before the first complete list. */
  rawObjects(): RawClusterObjects | undefined {
    if (!this.hasListed) return undefined;
    const raw: RawClusterObjects = {
      cluster: this.cluster.name,
      deployments: [],
      configMaps: [],
      namespaces: [],
      webhooks: [],
      remoteSecrets: [],
      services: [],
    };
    for (const mirror of this.mirrors) {
      (raw[mirror.spec.bucket] as unknown[]).push(...mirror.objects());
    }
    // istiod carries `istio=pilot` too, so two Deployment watches can hold it.
    const seen = new Set<string>();
    raw.deployments = raw.deployments.filter(d => {
      const key = `${d.metadata?.namespace}/${d.metadata?.name}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
    return raw;
  }

  private releaseWaiters(): void {
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    waiters.forEach(resolve => resolve());
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.listAndWatch();
      } catch (error) {
        if (this.stopped) break;
        if (error instanceof RelistNeeded) continue;
        this.markUnreachable(error);
        this.releaseWaiters();
        const delay = backoffDelay(this.attempt++, this.options.backoff);
        await interruptibleSleep(delay, this.nextWakeSignal());
      }
    }
  }

  /** A fresh signal that `refresh()` and `stop()` abort. */
  private nextWakeSignal(): AbortSignal {
    if (this.wake.signal.aborted) this.wake = new AbortController();
    return this.wake.signal;
  }

  private async connect(): Promise<KubeConfig> {
    const credential = await this.options.credentials.getCredential(
      this.cluster,
    );
    return kubeConfigFor(this.cluster, credential);
  }

  /**
   * The resync interval give or take a tenth, so that clusters started
   * together do not all relist at the same moment ever after.
   */
  private nextResyncDelay(): number {
    const interval = this.options.resyncIntervalMs;
    return Math.round(interval * (0.9 + 0.2 * Math.random()));
  }

  /** Waits until this cluster may send its next request. */
  private readonly admit = (): Promise<void> =>
    this.options.pacer?.admit(this.stopper.signal) ?? Promise.resolve();

  /**
   * Reads the version and lists every resource, in one of the shared read
   * slots, and applies the lists together. Returns the connection for the
   * watches and the API server's version.
   */
  private async readAll(): Promise<{ kc: KubeConfig; version?: string }> {
    const read = async () => {
      const kc = await this.connect();
      await this.admit();
      const version = await withTimeout(
        kc.makeApiClient(VersionApi).getCode(),
        CALL_TIMEOUT_MS,
        'timed out reading /version',
      ).catch(error => {
        throw new ClusterCallError('reading /version', error);
      });
      const pending = await withTimeout(
        Promise.all(this.mirrors.map(m => m.list(kc, this.admit))),
        CALL_TIMEOUT_MS,
        'timed out listing Istio objects',
      );
      pending.forEach(p => p.apply());
      return { kc, version: version.gitVersion };
    };
    const slots = this.options.readSlots;
    return slots ? slots.run(read, this.stopper.signal) : read();
  }

  private async listAndWatch(): Promise<void> {
    const wake = this.nextWakeSignal();
    const { kc, version } = await this.readAll();
    this.markReachable(version);
    if (wake.aborted) {
      return; // a refresh arrived while listing: list again so it sees current state
    }
    this.releaseWaiters();

    const watches = new AbortController();
    const stopWatches = () => watches.abort();
    wake.addEventListener('abort', stopWatches, { once: true });
    try {
      await Promise.race([
        interruptibleSleep(this.nextResyncDelay(), watches.signal),
        ...this.mirrors.map(m =>
          m.watch(kc, watches.signal, this.options.onChange, this.admit),
        ),
      ]);
    } finally {
      wake.removeEventListener('abort', stopWatches);
      watches.abort();
    }
  }

  private markReachable(kubernetesVersion: string | undefined): void {
    this.hasListed = true;
    this.attempt = 0;
    this.currentStatus = {
      ...clusterIdentity(this.cluster),
      reachability: 'reachable',
      lastSyncAt: new Date().toISOString(),
      ...(kubernetesVersion && { kubernetesVersion }),
    };
    this.options.onChange();
    this.attempted();
  }

  private markNeedsUserCredentials(reason: string): void {
    this.currentStatus = {
      ...clusterIdentity(this.cluster),
      reachability: 'needs-user-credentials',
      error: reason,
    };
    this.options.logger.info(
      `Cluster ${this.cluster.name} is listed but not read: it ${reason}`,
    );
    this.options.onChange();
    this.attempted();
  }

  private markUnreachable(error: unknown): void {
    const message = describeFailure(error);
    const wasUnreachable = this.currentStatus.reachability === 'unreachable';
    this.currentStatus = {
      ...this.currentStatus,
      reachability: 'unreachable',
      error: message,
      unreachableSince: wasUnreachable
        ? this.currentStatus.unreachableSince
        : new Date().toISOString(),
    };
    if (!wasUnreachable) {
      this.options.logger.warn(
        `Cluster ${this.cluster.name} is unreachable: ${message}`,
      );
    }
    this.options.onChange();
    this.attempted();
  }
}

/**
 * The parts of a cluster's status that come from its configuration. The CA is
 * public (it lets clients verify the API server) and consumers such as the
 * catalog module need it; credentials are never part of it.
 */
function clusterIdentity(
  cluster: MeshCluster,
): Pick<ClusterStatus, 'name' | 'url' | 'source' | 'authProvider' | 'caData' | 'skipMetricsLookup'> {
  const authProvider = authProviderOf(cluster);
  return {
    name: cluster.name,
    url: cluster.url,
    source: cluster.source,
    ...(authProvider && { authProvider }),
    ...(cluster.caData && { caData: cluster.caData }),
    ...(cluster.skipMetricsLookup && { skipMetricsLookup: true }),
  };
}
