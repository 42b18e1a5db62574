import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { ensureFleet, FleetCluster, readFleetEnv, startCluster } from '@meshfleet/fleet';
import type { ClusterView, MeshModel } from '@meshfleet/plugin-mesh-common';
import type { Knex } from 'knex';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { KubernetesPluginClusterSource } from '../../clusters/clusterSources';
import { DatabaseMeshStore } from '../../database/DatabaseMeshStore';
import type { MeshModelSource } from '../../model/MeshModelSource';
import type { AnyOperationKindDefinition, JsonValue, StepPlan } from '../../operations/types';
import { MeshRegistry } from '../../service/MeshRegistry';
import { createLifecycleServices, LifecycleServices } from '../services';

/** The repository's root (this file is plugins/mesh-backend/src/lifecycle/__testUtils__). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..', '..');

/** What tools/istio/build.sh prints: the fleet's Helm, charts and images (a no-op run when built). */
export interface IstioTools {
  helm: string;
  chartsDirectory: string;
  version: string;
  hub: string;
  tag: string;
}

export async function readIstioTools(): Promise<IstioTools> {
  const { stdout } = await promisify(execFile)(path.join(REPO_ROOT, 'tools', 'istio', 'build.sh'), { maxBuffer: 1 << 20 });
  const vars = Object.fromEntries(
    stdout
      .split('\n')
      .map(line => line.split('='))
      .filter(parts => parts.length >= 2)
      .map(([k, ...v]) => [k, v.join('=')]),
  );
  return {
    helm: vars.HELM,
    chartsDirectory: path.dirname(vars.ISTIO_CHARTS),
    version: vars.ISTIO_VERSION,
    hub: vars.ISTIO_GLOBAL_HUB,
    tag: vars.ISTIO_GLOBAL_TAG,
  };
}

/**
 * The fleet clusters a test uses, up. Clusters that exist but are stopped are
 * started by name; those never created are created by name too (`fleet up
 * --cluster`), so no other cluster is touched: `fleet up --clusters N` would
 * restart clusters other tests stopped on purpose.
 */
export async function fleetClusters(names: string[]): Promise<FleetCluster[]> {
  let env = await readFleetEnv().catch(() => undefined);
  const missing = names.filter(n => !env?.clusters.some(c => c.name === n));
  if (missing.length > 0) env = await ensureFleet({ names: missing });
  for (const name of names) {
    if (!env!.clusters.find(c => c.name === name)!.up) await startCluster(name);
  }
  env = await readFleetEnv();
  return names.map(n => env!.clusters.find(c => c.name === n)!);
}

/**
 * A cluster Meshfleet is configured with but cannot reach: nothing listens
 * at its URL (port 9, discard, is closed on the machine).
 */
export const UNREACHABLE_CLUSTER = 'unreachable';

/** Backstage config for the clusters and the fleet's Istio tools, as `fleet env` is to write it. */
export function lifecycleConfig(clusters: FleetCluster[], tools: IstioTools) {
  const unreachable = { ...clusters[0], name: UNREACHABLE_CLUSTER, url: 'https://127.0.0.1:9' };
  return {
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [...clusters, unreachable].map(c => ({
            name: c.name,
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: c.serviceAccountToken,
            caData: c.caData,
          })),
        },
      ],
    },
    meshfleet: {
      helm: { binary: tools.helm },
      istio: {
        charts: { directory: tools.chartsDirectory },
        hub: tools.hub,
        versions: [{ version: tools.version, tag: tools.tag }],
      },
      lifecycle: { waitTimeout: { minutes: 3 } },
    },
  };
}

/** The clusters as a model lists them, in no mesh (before the engine and discovery run these kinds). */
class FleetModel implements MeshModelSource {
  constructor(private readonly clusters: FleetCluster[]) {}

  async getModel(): Promise<MeshModel> {
    const views: ClusterView[] = this.clusters.map(c => ({
      name: c.name,
      url: c.url,
      source: 'config',
      reachability: 'reachable',
      istioRole: 'none',
      revisions: [],
      warnings: [],
    }));
    return { clusters: views, meshes: [] };
  }
}

function databaseService(knex: Knex): DatabaseService {
  return { getClient: async () => knex, migrations: { skip: false } } as DatabaseService;
}

/** The lifecycle services over real clusters, Helm and a real (SQLite) registry. */
export async function fleetLifecycleServices(
  clusters: FleetCluster[],
  tools: IstioTools,
  knex: Knex,
): Promise<LifecycleServices> {
  const rootConfig = new ConfigReader(lifecycleConfig(clusters, tools));
  const logger = mockServices.logger.mock();
  const store = await DatabaseMeshStore.create({ database: databaseService(knex) });
  const model = new FleetModel(clusters);
  const registry = new MeshRegistry({ store, model, events: mockServices.events.mock(), logger });
  return createLifecycleServices({
    rootConfig,
    logger,
    clusterSource: new KubernetesPluginClusterSource({ rootConfig, logger, suppliers: [] }),
    registry,
    store,
    model,
  });
}

/** Everything a run of a kind wrote to its log and produced. */
export interface KindRun {
  log: string[];
  details: string[];
  outputs: Record<string, string | number | boolean>;
  secrets: string[];
}

function stepContext(
  kind: AnyOperationKindDefinition<LifecycleServices>,
  params: unknown,
  services: LifecycleServices,
  run: KindRun,
  state: Record<string, JsonValue>,
) {
  const line = (level: string) => (message: string) => run.log.push(`${level}: ${message}`);
  return {
    operationId: 'test',
    meshId: kind.meshIdOf(params),
    params,
    state,
    log: { info: line('info'), warn: line('warn'), error: line('error') },
    signal: new AbortController().signal,
    services,
    registerSecret: (value: string) => run.secrets.push(value),
  };
}

/**
 * Runs a kind as the engine would, without the engine: parse, validate, then
 * every step in order, each `times` times (a rerun must converge).
 */
export async function runKind(
  kind: AnyOperationKindDefinition<LifecycleServices>,
  body: unknown,
  services: LifecycleServices,
  options: { times?: number } = {},
): Promise<KindRun> {
  const params = kind.parseParams(body);
  await kind.validate(params, services);
  const run: KindRun = { log: [], details: [], outputs: {}, secrets: [] };
  const state: Record<string, JsonValue> = {};
  for (const step of kind.steps(params)) {
    for (let i = 0; i < (options.times ?? 1); i++) {
      const result = await step.run(stepContext(kind, params, services, run, state) as any);
      run.details.push(`${step.id}: ${result.detail}`);
      Object.assign(state, result.state ?? {});
      Object.assign(run.outputs, result.outputs ?? {});
    }
  }
  return run;
}

/** A kind's dry run: parse, validate, every step's plan. */
export async function planKind(
  kind: AnyOperationKindDefinition<LifecycleServices>,
  body: unknown,
  services: LifecycleServices,
): Promise<StepPlan> {
  const params = kind.parseParams(body);
  await kind.validate(params, services);
  const run: KindRun = { log: [], details: [], outputs: {}, secrets: [] };
  const plan: StepPlan = { changes: [], helmReleases: [], warnings: [] };
  for (const step of kind.steps(params)) {
    const part = await step.plan(stepContext(kind, params, services, run, {}) as any);
    plan.changes.push(...part.changes);
    plan.helmReleases.push(...part.helmReleases);
    plan.warnings.push(...part.warnings);
  }
  return plan;
}
