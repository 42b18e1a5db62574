import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringify as toYaml } from 'yaml';
import type { ClusterConnector } from '../clusters/ClusterConnector';
import type { ChartSource, IstioChart } from './chartSource';
import { stderrTail } from './redactOutput';
import { HelmOutput, removeLeftoverPrivateFiles, runHelm, withPrivateFiles } from './runHelm';

/** A release as Meshfleet wants it. */
export interface HelmReleaseSpec {
  cluster: string;
  release: string;
  namespace: string;
  chart: IstioChart;
  version: string;
  /** Never secrets: they are written to a values file and shown in plans. */
  values: Record<string, unknown>;
  /** Adopt objects that exist without Helm's ownership (Istio's CRDs applied by other tools). */
  takeOwnership?: boolean;
}

/** A release as `helm list` reports it. */
export interface HelmReleaseStatus {
  release: string;
  namespace: string;
  /** `deployed`, `failed`, `pending-install`, … */
  status: string;
  /** The chart's name and version, e.g. `istiod-1.31.0`. */
  chart: string;
  revision: number;
}

/** Options of every call. */
export interface HelmCallOptions {
  signal?: AbortSignal;
  /** Where the action and exit status are logged (an operation's log); the backend's logger otherwise. */
  log?: { info(message: string): void };
}

/**
 * Runs Helm for mesh operations. Helm's output is never logged as it is (it
 * can echo values and manifests): the log gets the action and the exit
 * status, and a failure's message the last lines of stderr, redacted.
 */
export interface HelmRunner {
  /** Where charts come from, for messages. */
  readonly chartSourceDescription: string;
  /** `helm upgrade --install`: installs or converges the release. */
  upgradeInstall(spec: HelmReleaseSpec, options?: HelmCallOptions): Promise<void>;
  /** `helm uninstall`; a release that is not there is success (`absent`). */
  uninstall(
    target: { cluster: string; release: string; namespace: string },
    options?: HelmCallOptions,
  ): Promise<'uninstalled' | 'absent'>;
  /** `helm rollback` to the revision before the last (what an upgrade cut off half-way needs before Helm upgrades again). */
  rollback(target: { cluster: string; release: string; namespace: string }, options?: HelmCallOptions): Promise<void>;
  /** The release's status, or undefined when it is not installed. */
  status(
    target: { cluster: string; release: string; namespace: string },
    options?: HelmCallOptions,
  ): Promise<HelmReleaseStatus | undefined>;
  /** The values the release was installed with (`helm get values`), or undefined without a release. */
  getValues(
    target: { cluster: string; release: string; namespace: string },
    options?: HelmCallOptions,
  ): Promise<Record<string, unknown> | undefined>;
  /** Whether the chart source holds this chart at exactly this version. */
  chartAvailable(chart: IstioChart, version: string, options?: HelmCallOptions): Promise<boolean>;
}

/** A {@link HelmRunner} that runs the `helm` binary. */
export class HelmCliRunner implements HelmRunner {
  readonly chartSourceDescription: string;
  private readonly availability = new Map<string, boolean>();

  constructor(
    private readonly options: {
      binary: string;
      /** Helm's `--timeout`; the process is killed a minute after it. */
      timeoutMs: number;
      /** Undefined when no chart source is configured: installs fail, naming the config keys. */
      charts?: ChartSource;
      clusters: ClusterConnector;
      logger: LoggerService;
    },
  ) {
    this.chartSourceDescription = options.charts?.description ?? 'no chart source configured';
    // A backend killed during a Helm call left that call's kubeconfig on disk.
    removeLeftoverPrivateFiles().then(
      removed => {
        if (removed > 0) {
          options.logger.info(`Removed ${removed} private Helm file folder(s) left by a backend process that ended during a Helm call`);
        }
      },
      error => options.logger.warn(`Could not look for private Helm files left by ended processes: ${error}`),
    );
  }

  async upgradeInstall(spec: HelmReleaseSpec, options?: HelmCallOptions): Promise<void> {
    const chartArgs = this.charts().chartArgs(spec.chart, spec.version);
    await this.inCluster(
      spec.cluster,
      { 'values.yaml': toYaml(spec.values) },
      paths => [
        'upgrade',
        '--install',
        spec.release,
        ...chartArgs,
        '--namespace',
        spec.namespace,
        '--create-namespace',
        '--values',
        paths['values.yaml'],
        '--timeout',
        `${Math.ceil(this.options.timeoutMs / 1000)}s`,
        ...(spec.takeOwnership ? ['--take-ownership'] : []),
      ],
      `upgrade --install ${spec.release} (${spec.chart} ${spec.version}) in ${spec.namespace}`,
      options,
    );
  }

  async uninstall(
    target: { cluster: string; release: string; namespace: string },
    options?: HelmCallOptions,
  ): Promise<'uninstalled' | 'absent'> {
    if (!(await this.status(target, options))) return 'absent';
    await this.inCluster(
      target.cluster,
      {},
      () => ['uninstall', target.release, '--namespace', target.namespace, '--ignore-not-found', '--wait',
        '--timeout', `${Math.ceil(this.options.timeoutMs / 1000)}s`],
      `uninstall ${target.release} in ${target.namespace}`,
      options,
    );
    return 'uninstalled';
  }

  async rollback(target: { cluster: string; release: string; namespace: string }, options?: HelmCallOptions): Promise<void> {
    await this.inCluster(
      target.cluster,
      {},
      () => ['rollback', target.release, '--namespace', target.namespace, '--wait', '--timeout', `${Math.ceil(this.options.timeoutMs / 1000)}s`],
      `rollback ${target.release} in ${target.namespace}`,
      options,
    );
  }

  async status(
    target: { cluster: string; release: string; namespace: string },
    options?: HelmCallOptions,
  ): Promise<HelmReleaseStatus | undefined> {
    const out = await this.inCluster(
      target.cluster,
      {},
      () => ['list', '--namespace', target.namespace, '--all', '--filter', `^${escapeRegExp(target.release)}$`,
        '--output', 'json'],
      `list ${target.release} in ${target.namespace}`,
      options,
      { quiet: true },
    );
    const releases = parseJson<Array<Record<string, unknown>>>(out.stdout, 'helm list') ?? [];
    const found = releases.find(r => r.name === target.release);
    if (!found) return undefined;
    return {
      release: target.release,
      namespace: target.namespace,
      status: String(found.status),
      chart: String(found.chart),
      revision: Number(found.revision),
    };
  }

  async getValues(
    target: { cluster: string; release: string; namespace: string },
    options?: HelmCallOptions,
  ): Promise<Record<string, unknown> | undefined> {
    if (!(await this.status(target, options))) return undefined;
    const out = await this.inCluster(
      target.cluster,
      {},
      () => ['get', 'values', target.release, '--namespace', target.namespace, '--output', 'json'],
      `get values of ${target.release} in ${target.namespace}`,
      options,
      { quiet: true },
    );
    return parseJson<Record<string, unknown>>(out.stdout, 'helm get values') ?? {};
  }

  async chartAvailable(chart: IstioChart, version: string, options?: HelmCallOptions): Promise<boolean> {
    const charts = this.charts();
    const key = `${chart}@${version}`;
    const known = this.availability.get(key);
    if (known !== undefined) return known;
    const available = charts.localVersion
      ? await charts.localVersion(chart, version)
      : (await this.helm(['show', 'chart', ...charts.chartArgs(chart, version)], options)).exitCode === 0;
    // Only a positive answer is kept: a repository may publish the version later.
    if (available) this.availability.set(key, true);
    return available;
  }

  private charts(): ChartSource {
    if (!this.options.charts) {
      throw new Error(
        'no Istio chart source is configured: set meshfleet.istio.charts.directory or meshfleet.istio.charts.repository',
      );
    }
    return this.options.charts;
  }

  /**
   * Runs Helm against one cluster with a kubeconfig (and other files) in a
   * private temporary directory. Logs the action and exit status (unless
   * quiet); throws with stderr's redacted tail on a non-zero exit.
   */
  private async inCluster(
    cluster: string,
    files: Record<string, string>,
    args: (paths: Record<string, string>) => string[],
    action: string,
    options: HelmCallOptions | undefined,
    flags?: { quiet?: boolean },
  ): Promise<HelmOutput> {
    const kubeconfig = await this.options.clusters.kubeconfigFor(cluster);
    const secrets = credentialsIn(kubeconfig);
    const out = await withPrivateFiles({ ...files, kubeconfig }, paths =>
      this.helm([...args(paths), '--kubeconfig', paths.kubeconfig], options),
    );
    if (!flags?.quiet || out.exitCode !== 0) {
      (options?.log ?? this.options.logger).info(`helm ${action} in cluster ${cluster}: exit ${out.exitCode}`);
    }
    if (out.exitCode !== 0) {
      throw new Error(`${cluster}: helm ${action} failed (exit ${out.exitCode}): ${stderrTail(out.stderr, secrets)}`);
    }
    return out;
  }

  private helm(args: string[], options: HelmCallOptions | undefined): Promise<HelmOutput> {
    return runHelm(this.options.binary, args, {
      timeoutMs: this.options.timeoutMs + 60_000,
      signal: options?.signal,
    });
  }
}

/** Values in a kubeconfig that must never appear in a message (tokens, keys, passwords). */
function credentialsIn(kubeconfig: string): string[] {
  const values: string[] = [];
  const pattern = /"(?:token|client-key-data|client-certificate-data|password)"\s*:\s*"([^"]+)"/g;
  for (let m = pattern.exec(kubeconfig); m; m = pattern.exec(kubeconfig)) {
    values.push(m[1]);
  }
  return values;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function parseJson<T>(text: string, what: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${what} printed something that is not JSON`);
  }
}
