import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ChartSourceConfig } from '../config';

/** Istio's charts Meshfleet installs. */
export type IstioChart = 'base' | 'istiod' | 'gateway';

/**
 * Where the charts of each Istio version are: the chart arguments of a Helm
 * command, and whether a version is there at all.
 */
export interface ChartSource {
  /** For messages: `chart directory /srv/charts`, `chart repository https://…`. */
  readonly description: string;
  /** The chart reference and flags for `helm upgrade --install`/`show chart`. */
  chartArgs(chart: IstioChart, version: string): string[];
  /** Whether the source holds the chart at exactly this version (read locally; see HelmRunner for repositories). */
  localVersion?(chart: IstioChart, version: string): Promise<boolean>;
}

/** `<directory>/<version>/<chart>`, the layout the local fleet's tools/istio/build.sh writes. */
export class DirectoryChartSource implements ChartSource {
  readonly description: string;

  constructor(private readonly directory: string) {
    this.description = `chart directory ${directory}`;
  }

  chartArgs(chart: IstioChart, version: string): string[] {
    return [this.chartPath(chart, version)];
  }

  /** True when `<dir>/<version>/<chart>/Chart.yaml` exists and says that version. */
  async localVersion(chart: IstioChart, version: string): Promise<boolean> {
    try {
      const text = await readFile(join(this.chartPath(chart, version), 'Chart.yaml'), 'utf8');
      return String(parseYaml(text)?.version) === version;
    } catch {
      return false;
    }
  }

  private chartPath(chart: IstioChart, version: string): string {
    // A version is a path segment here; never let it climb out of the directory.
    if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(version)) {
      throw new Error(`'${version}' is not a chart version`);
    }
    return join(this.directory, version, chart);
  }
}

/** A Helm chart repository: `helm … <chart> --repo <url> --version <version>`. */
export class RepositoryChartSource implements ChartSource {
  readonly description: string;

  constructor(private readonly repository: string) {
    this.description = `chart repository ${repository}`;
  }

  chartArgs(chart: IstioChart, version: string): string[] {
    return [chart, '--repo', this.repository, '--version', version];
  }
}

/** The chart source config describes; undefined when none is configured. */
export function chartSourceFor(config: ChartSourceConfig | undefined): ChartSource | undefined {
  if (!config) return undefined;
  return config.type === 'directory'
    ? new DirectoryChartSource(config.directory)
    : new RepositoryChartSource(config.repository);
}
