import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';

/**
 * Produces the entities the provider owns: today none; discovery (meshes and
 * clusters read from the clusters) plugs in here.
 */
export type MeshEntitySource = () => Promise<Entity[]>;

/**
 * Emits meshes and clusters as catalog entities. Each refresh is a full
 * mutation, so entities that disappeared from the source leave the catalog.
 *
 * @public
 */
export class MeshEntityProvider implements EntityProvider {
  /** Stable: the catalog keys the entities it owns by this name. */
  static readonly providerName = 'meshfleet-mesh';

  private connection: EntityProviderConnection | undefined;

  constructor(
    private readonly source: MeshEntitySource,
    private readonly logger: LoggerService,
  ) {}

  getProviderName(): string {
    return MeshEntityProvider.providerName;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
  }

  /** Replaces every entity this provider owns with what the source yields now. */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error(`${MeshEntityProvider.providerName}: refresh() called before the catalog connected the provider`);
    }
    const entities = await this.source();
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({ entity, locationKey: `${MeshEntityProvider.providerName}:` })),
    });
    this.logger.debug(`${MeshEntityProvider.providerName}: applied ${entities.length} entities`);
  }
}
