import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { stringifyError } from '@backstage/errors';
import { CatalogService, EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import { MESH_MODEL_CHANGED_TOPIC, MESHFLEET_ENTITY_LOCATION_TYPE, MeshModelChangedEvent } from '@meshfleet/plugin-mesh-common';
import { MeshModelFetcher } from '../client/MeshModelFetcher';
import { MeshProviderConfig, readMeshProviderConfig } from '../config';
import { CatalogProviderEntities } from './catalogEntities';
import { meshEntityRef } from '../translate';
import { MeshEntitySync } from './MeshEntitySync';

/**
 * What {@link MeshEntityProvider.fromConfig} needs besides the config.
 *
 * @public
 */
export interface MeshEntityProviderOptions {
  logger: LoggerService;
  /** The shared reader of the mesh backend; built from `auth` and `discovery` when absent. */
  fetcher?: MeshModelFetcher;
  auth?: AuthService;
  discovery?: DiscoveryService;
  /** Runs the full sync; built from `scheduler` and the configured schedule when absent. */
  schedule?: SchedulerServiceTaskRunner;
  scheduler?: SchedulerService;
  /** When given, model-change events trigger a delta sync. */
  events?: EventsService;
  /**
   * The catalog API, read (with `auth`'s own service credentials) for the
   * base of each delta. Required with several replicas: without it a delta is
   * computed against what this replica applied last, and a change another
   * replica applied in between is missed until the next full sync.
   */
  catalog?: Pick<CatalogService, 'getEntities'>;
  /** Replaceable in tests: the time the grace period is measured against. */
  clock?: () => Date;
}

/**
 * Emits meshes and clusters as catalog entities, read from the mesh backend:
 * a full mutation on its schedule, and a delta on each
 * `MESH_MODEL_CHANGED_TOPIC` event so changes reach the catalog within seconds.
 *
 * @public
 */
export class MeshEntityProvider implements EntityProvider {
  /**
   * Stable: the catalog keys the entities this provider owns by this name. It
   * is also the type of their managed-by location, by which the mesh backend's
   * `catalog` cluster source recognises (and skips) them.
   */
  static readonly providerName = MESHFLEET_ENTITY_LOCATION_TYPE;

  private sync: MeshEntitySync | undefined;

  /** Builds the provider from `catalog.providers.meshfleet`. */
  static fromConfig(config: Config, options: MeshEntityProviderOptions): MeshEntityProvider {
    const settings = readMeshProviderConfig(config);
    const schedule = options.schedule ?? options.scheduler?.createScheduledTaskRunner(settings.schedule);
    if (!schedule) {
      throw new Error(`${MeshEntityProvider.providerName}: either a schedule or a scheduler is required`);
    }
    let fetcher = options.fetcher;
    if (!fetcher) {
      if (!options.auth || !options.discovery) {
        throw new Error(`${MeshEntityProvider.providerName}: either a fetcher or auth and discovery are required`);
      }
      fetcher = new MeshModelFetcher({ auth: options.auth, discovery: options.discovery });
    }
    return new MeshEntityProvider(settings, fetcher, schedule, options);
  }

  private constructor(
    private readonly settings: MeshProviderConfig,
    private readonly fetcher: MeshModelFetcher,
    private readonly schedule: SchedulerServiceTaskRunner,
    private readonly options: MeshEntityProviderOptions,
  ) {}

  getProviderName(): string {
    return MeshEntityProvider.providerName;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    const { logger, events, clock, catalog, auth } = this.options;
    if (catalog && !auth) {
      throw new Error(`${MeshEntityProvider.providerName}: reading the catalog needs auth for the module's own credentials`);
    }
    this.sync = new MeshEntitySync({
      providerName: MeshEntityProvider.providerName,
      connection,
      fetcher: this.fetcher,
      logger,
      clock: clock ?? (() => new Date()),
      catalog: catalog && auth ? new CatalogProviderEntities(catalog, auth) : undefined,
      translate: {
        owner: this.settings.owner,
        clusterAuthProvider: this.settings.clusterAuthProvider,
        unreachableGracePeriodMs: this.settings.unreachableGracePeriodMs,
      },
    });
    await this.schedule.run({
      id: `${MeshEntityProvider.providerName}:refresh`,
      fn: () => this.refresh(),
    });
    await events?.subscribe({
      id: MeshEntityProvider.providerName,
      topics: [MESH_MODEL_CHANGED_TOPIC],
      onEvent: async params => this.onModelChanged(params.eventPayload as MeshModelChangedEvent),
    });
  }

  /** Replaces every entity this provider owns with the mesh backend's current model. */
  async refresh(): Promise<void> {
    await this.connectedSync().full();
  }

  /**
   * Applies what changed. The event names the clusters and meshes; the model
   * read fetches the detail of only the meshes they touch (the API has no
   * per-cluster read), and the model is compared with what the catalog holds
   * for this provider; only the difference goes to the catalog.
   * The meshes the event names are removed when the model no longer has them,
   * even if the catalog has not yet processed them.
   */
  async onModelChanged(event: MeshModelChangedEvent): Promise<void> {
    const { logger } = this.options;
    logger.debug(
      `${MeshEntityProvider.providerName}: model changed at ${event?.changedAt} for clusters ${event?.clusters?.join(', ') || '(none named)'}`,
    );
    try {
      const meshes = stringsOf(event?.meshes);
      const clusters = stringsOf(event?.clusters);
      // An event without its cluster list (an older backend's) gives no way to tell what to re-read.
      const change = Array.isArray(event?.clusters) ? { clusters, meshes } : undefined;
      await this.connectedSync().delta(meshes.map(meshEntityRef), change);
    } catch (e) {
      // The events service has no one to report to; the log is where this shows.
      logger.error(`${MeshEntityProvider.providerName}: delta sync after a model change failed: ${stringifyError(e)}`);
    }
  }

  private connectedSync(): MeshEntitySync {
    if (!this.sync) {
      throw new Error(`${MeshEntityProvider.providerName}: refresh() called before the catalog connected the provider`);
    }
    return this.sync;
  }
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
