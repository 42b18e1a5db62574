import { AuthService } from '@backstage/backend-plugin-api';
import { ANNOTATION_LOCATION, Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { byRef } from './delta';

/**
 * The fields a delta compares: what the translation emits. The catalog adds
 * uid, etag, relations and status, which are no change of ours.
 */
export const COMPARED_FIELDS = [
  'apiVersion',
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.description',
  'metadata.labels',
  'metadata.annotations',
  'metadata.tags',
  'metadata.links',
  'spec',
];

/** Where a delta reads what the catalog holds for the provider. */
export interface ProviderEntitiesSource {
  /** The entities managed by `location`, keyed by their full ref, limited to {@link COMPARED_FIELDS}. */
  read(location: string): Promise<Map<string, Entity>>;
}

/**
 * Reads the provider's entities through the catalog API with the module's own
 * service credentials. With several replicas, each replica's module applies
 * only the events published on that replica, so what one replica applied
 * last is not what the catalog holds; the catalog is the one state they share.
 */
export class CatalogProviderEntities implements ProviderEntitiesSource {
  constructor(
    private readonly catalog: Pick<CatalogService, 'getEntities'>,
    private readonly auth: Pick<AuthService, 'getOwnServiceCredentials'>,
  ) {}

  async read(location: string): Promise<Map<string, Entity>> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntities(
      { filter: { [`metadata.annotations.${ANNOTATION_LOCATION}`]: location }, fields: COMPARED_FIELDS },
      { credentials },
    );
    return byRef(items);
  }
}
