import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ForwardedError, stringifyError } from '@backstage/errors';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { MESHFLEET_ENTITY_LOCATION_TYPE } from '@meshfleet/plugin-mesh-common';
import { FetchedMeshModel, MeshModelChange, MeshModelFetcher } from '../client/MeshModelFetcher';
import { TranslateOptions, translateMeshModel } from '../translate';
import { ProviderEntitiesSource } from './catalogEntities';
import { byRef, computeDelta, EntityDelta } from './delta';
import { OnceLog } from './onceLog';

/** What a sync needs besides the model. */
export interface MeshEntitySyncOptions {
  providerName: string;
  connection: EntityProviderConnection;
  fetcher: Pick<MeshModelFetcher, 'fetch' | 'fetchChanged'>;
  logger: LoggerService;
  translate: Omit<TranslateOptions, 'now' | 'location'>;
  clock: () => Date;
  /**
   * What the catalog holds for the provider, the base of a delta. Without it
   * a delta is computed against what this instance applied last, which is
   * right only while one replica applies every change.
   */
  catalog?: ProviderEntitiesSource;
}

/**
 * The location of every entity, also their location key. The same on every
 * replica (not derived from the mesh backend's URL, which each replica may
 * resolve differently): replicas with two keys for one entity would conflict
 * in the catalog. The target is the mesh backend's plugin id.
 */
export const MESH_ENTITY_LOCATION = `${MESHFLEET_ENTITY_LOCATION_TYPE}:mesh`;

/**
 * Reads the model, translates it and applies it to the catalog, one sync at a
 * time: a full mutation on the schedule, a delta against what the catalog
 * holds for the provider when the mesh backend says its model changed. Syncs
 * run in order so that an older full mutation never lands after a newer delta
 * of this instance.
 */
export class MeshEntitySync {
  /** The entities last applied; undefined until the first full mutation. */
  private applied: Map<string, Entity> | undefined;
  private queue: Promise<void> = Promise.resolve();
  private queuedDelta: Promise<void> | undefined;
  /** Refs the events of the queued delta named, removed when no longer wanted. */
  private namedRefs = new Set<string>();
  /**
   * What the events of the queued delta say changed, so its model read
   * re-reads only that; undefined when a caller did not say (a whole read).
   */
  private pending: MeshModelChange | undefined = { clusters: [], meshes: [] };
  private readonly outage: OnceLog;
  private readonly issues: OnceLog;

  constructor(private readonly options: MeshEntitySyncOptions) {
    const { logger, providerName } = options;
    this.outage = new OnceLog(logger, () => `${providerName}: the mesh backend answers again`);
    this.issues = new OnceLog(logger, problem => `${problem} (resolved)`);
  }

  /** Replaces every entity of the provider with the current model. */
  full(): Promise<void> {
    return this.enqueue(() => this.run('full'));
  }

  /**
   * Applies what changed since the last sync. Events that arrive while a delta
   * is waiting to start share it: it reads the model after all of them.
   *
   * `namedRefs` are the refs of entities the event says changed (its meshes):
   * those that are no longer wanted are removed even when neither the catalog
   * API (which shows an entity once processed) nor this instance has them yet.
   * Removing a ref the provider does not own changes nothing in the catalog.
   *
   * `change` is what the event says changed (clusters and meshes): the model
   * read then fetches only the meshes it touches. Without it, the whole model
   * is read.
   */
  delta(namedRefs: Iterable<string> = [], change?: MeshModelChange): Promise<void> {
    for (const ref of namedRefs) {
      this.namedRefs.add(ref);
    }
    this.pending =
      this.pending && change
        ? { clusters: [...this.pending.clusters, ...change.clusters], meshes: [...this.pending.meshes, ...change.meshes] }
        : undefined;
    if (!this.queuedDelta) {
      this.queuedDelta = this.enqueue(() => {
        this.queuedDelta = undefined;
        const named = [...this.namedRefs];
        const changed = this.pending;
        this.namedRefs.clear();
        this.pending = { clusters: [], meshes: [] };
        // Before the first full mutation there is no base to compare with, and
        // entities left from an earlier run of the backend must go: do a full one.
        return this.applied ? this.run('delta', named, changed) : this.run('full');
      });
    }
    return this.queuedDelta;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run(kind: 'full' | 'delta', namedRefs: string[] = [], change?: MeshModelChange): Promise<void> {
    const model = await this.read(change);
    if (!model) {
      return;
    }
    const { providerName, connection, logger } = this.options;
    const location = MESH_ENTITY_LOCATION;
    const { entities, issues } = await translateMeshModel(model, {
      ...this.options.translate,
      location,
      now: this.options.clock(),
    });
    this.issues.report(issues.map(i => `${providerName}: ${i.subject}: ${i.message}`));

    const delta =
      kind === 'full'
        ? computeDelta(this.applied ?? new Map(), entities)
        : await this.deltaAgainstCatalog(location, entities, namedRefs);
    try {
      if (kind === 'full') {
        await connection.applyMutation({ type: 'full', entities: entities.map(entity => ({ entity, locationKey: location })) });
      } else if (delta.added.length || delta.removed.length) {
        await connection.applyMutation({
          type: 'delta',
          added: delta.added.map(entity => ({ entity, locationKey: location })),
          removed: delta.removed.map(entityRef => ({ entityRef, locationKey: location })),
        });
      }
    } catch (e) {
      throw new ForwardedError(`${providerName}: applying a ${kind} mutation of ${entities.length} entities failed`, e);
    }
    this.applied = byRef(entities);

    const summary = `${entities.length} entities (${delta.added.length} added or changed, ${delta.removed.length} removed)`;
    if (delta.added.length || delta.removed.length) {
      logger.info(`${providerName}: ${kind} mutation, ${summary}`);
    } else {
      logger.debug(`${providerName}: ${kind} sync, nothing changed, ${summary}`);
    }
  }

  /**
   * What to add and remove so that the catalog holds `entities`. The base is
   * the catalog's copy: another replica may have applied changes this one
   * never saw. What this instance applied is removed too when no longer
   * wanted, as the catalog shows an entity only once it has processed it.
   * When the catalog cannot be read, the base is what this instance applied.
   */
  private async deltaAgainstCatalog(location: string, entities: Entity[], namedRefs: string[]): Promise<EntityDelta> {
    const applied = this.applied ?? new Map<string, Entity>();
    const { catalog, logger, providerName } = this.options;
    if (!catalog) {
      return computeDelta(applied, entities, namedRefs);
    }
    try {
      return computeDelta(await catalog.read(location), entities, [...applied.keys(), ...namedRefs]);
    } catch (e) {
      logger.warn(
        `${providerName}: cannot read the provider's entities from the catalog, computing the delta against the ${applied.size} entities this replica applied last: ${stringifyError(e)}`,
      );
      return computeDelta(applied, entities, namedRefs);
    }
  }

  /**
   * The model, or undefined when the mesh backend cannot be read. Then the
   * catalog keeps what was applied last: an empty full mutation would delete
   * every mesh and cluster because of an outage of the backend.
   */
  private async read(change?: MeshModelChange): Promise<FetchedMeshModel | undefined> {
    const { providerName, fetcher } = this.options;
    try {
      const model = await (change ? fetcher.fetchChanged(change) : fetcher.fetch());
      this.outage.report([]);
      return model;
    } catch (e) {
      this.outage.report([
        `${providerName}: cannot read the mesh backend, keeping the ${this.applied?.size ?? 0} entities applied last: ${stringifyError(e)}`,
      ]);
      return undefined;
    }
  }
}
