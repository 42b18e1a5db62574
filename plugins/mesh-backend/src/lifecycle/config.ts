import type { Config } from '@backstage/config';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

/** Where Istio's Helm charts (`base`, `istiod`, `gateway`) come from. */
export type ChartSourceConfig =
  /** A local folder with one folder per Istio version: `<directory>/<version>/{base,istiod,gateway}`. */
  | { type: 'directory'; directory: string }
  /** A Helm chart repository (`helm … --repo <url> --version <version>`). */
  | { type: 'repository'; repository: string };

/** The images one Istio version is installed with (`global.hub`, `global.tag`). */
export interface IstioVersionImages {
  version: string;
  /** Overrides `meshfleet.istio.hub` for this version. */
  hub?: string;
  /** Defaults to the version itself, as Istio's releases tag their images. */
  tag?: string;
}

/**
 * What the lifecycle (mesh operations' steps) reads from config: the Helm
 * binary, the chart source, the images per Istio version, certificate
 * lifetimes and how long steps wait. Nothing here is secret.
 */
export interface LifecycleConfig {
  helm: {
    /** Path of the `helm` binary, or a name looked up on PATH. */
    binary: string;
    /** Helm's own `--timeout` (hooks). */
    timeoutMs: number;
  };
  /** Undefined when neither a directory nor a repository is configured: installs are refused. */
  charts?: ChartSourceConfig;
  istio: {
    /** `global.hub` for versions without their own; the chart's default when unset. */
    hub?: string;
    /** The version a mesh without `istioVersion` is installed with. */
    defaultVersion?: string;
    versions: IstioVersionImages[];
  };
  trust: {
    rootLifetimeMs: number;
    intermediateLifetimeMs: number;
  };
  /** How long a step waits for something to become true (istiod Ready, an address, a member listed). */
  waitTimeoutMs: number;
}

const DEFAULTS = {
  helmTimeout: { minutes: 5 },
  rootLifetime: { years: 10 },
  intermediateLifetime: { years: 1 },
  waitTimeout: { minutes: 5 },
} satisfies Record<string, HumanDuration>;

function durationMs(config: Config | undefined, key: string, fallback: HumanDuration): number {
  const duration = config?.has(key) ? readDurationFromConfig(config, { key }) : fallback;
  const ms = durationToMilliseconds(duration);
  if (!(ms > 0)) {
    throw new Error(`Invalid config: ${key} must be a positive duration`);
  }
  return ms;
}

function readChartSource(config: Config | undefined): ChartSourceConfig | undefined {
  const directory = config?.getOptionalString('directory');
  const repository = config?.getOptionalString('repository');
  if (directory && repository) {
    throw new Error(
      'Invalid config: meshfleet.istio.charts has both directory and repository; expected one of them',
    );
  }
  if (directory) return { type: 'directory', directory };
  if (repository) return { type: 'repository', repository };
  return undefined;
}

function readVersions(config: Config | undefined): IstioVersionImages[] {
  const entries = config?.getOptionalConfigArray('versions') ?? [];
  return entries.map(entry => ({
    version: entry.getString('version'),
    hub: entry.getOptionalString('hub'),
    tag: entry.getOptionalString('tag'),
  }));
}

/** Reads `meshfleet.helm`, `meshfleet.istio`, `meshfleet.trust` and `meshfleet.lifecycle` (all optional). */
export function readLifecycleConfig(rootConfig: Config): LifecycleConfig {
  const helm = rootConfig.getOptionalConfig('meshfleet.helm');
  const istio = rootConfig.getOptionalConfig('meshfleet.istio');
  const trust = rootConfig.getOptionalConfig('meshfleet.trust');
  const lifecycle = rootConfig.getOptionalConfig('meshfleet.lifecycle');
  const versions = readVersions(istio);
  return {
    helm: {
      binary: helm?.getOptionalString('binary') ?? 'helm',
      timeoutMs: durationMs(helm, 'timeout', DEFAULTS.helmTimeout),
    },
    charts: readChartSource(istio?.getOptionalConfig('charts')),
    istio: {
      hub: istio?.getOptionalString('hub'),
      defaultVersion: istio?.getOptionalString('defaultVersion') ?? versions[0]?.version,
      versions,
    },
    trust: {
      rootLifetimeMs: durationMs(trust, 'rootLifetime', DEFAULTS.rootLifetime),
      intermediateLifetimeMs: durationMs(trust, 'intermediateLifetime', DEFAULTS.intermediateLifetime),
    },
    waitTimeoutMs: durationMs(lifecycle, 'waitTimeout', DEFAULTS.waitTimeout),
  };
}

/** `global.hub` and `global.tag` for an Istio version (hub undefined: the chart's default). */
export function imagesFor(config: LifecycleConfig, version: string): { hub?: string; tag: string } {
  const entry = config.istio.versions.find(v => v.version === version);
  return { hub: entry?.hub ?? config.istio.hub, tag: entry?.tag ?? version };
}
