import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
} from '@backstage/catalog-model';
import { CatalogProcessor, CatalogProcessorEmit, processingResult } from '@backstage/plugin-catalog-node';
import { MeshModelFetcher } from '../client/MeshModelFetcher';
import { meshEntityRef } from '../translate';

type LocationSpec = Parameters<NonNullable<CatalogProcessor['postProcessEntity']>>[1];
import { parseLabelSelector } from '@meshfleet/plugin-mesh-common';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  meshesOfWorkloads,
  WorkloadQuery,
} from './workloadMatch';

/**
 * Relates each Component that has Kubernetes workloads
 * (`backstage.io/kubernetes-id` or `backstage.io/kubernetes-label-selector`)
 * to the meshes those workloads run in: `dependsOn` from the Component to the
 * mesh Resource and `dependencyOf` back, the same pair the catalog uses between
 * a Component and the Resources it needs. It changes nothing else on the
 * Component: the Component's own source owns it.
 *
 * It reads the model the entity provider fetched last (one shared fetcher), and
 * fetches once itself only when there is none yet.
 *
 * @public
 */
export class MeshMembershipProcessor implements CatalogProcessor {
  constructor(
    private readonly fetcher: Pick<MeshModelFetcher, 'latestOrFetch'>,
    private readonly logger: LoggerService,
  ) {}

  getProcessorName(): string {
    return 'MeshMembershipProcessor';
  }

  async postProcessEntity(entity: Entity, location: LocationSpec, emit: CatalogProcessorEmit): Promise<Entity> {
    if (entity.kind.toLocaleLowerCase('en-US') !== 'component') {
      return entity;
    }
    const query = this.workloadQuery(entity, location, emit);
    if (!query) {
      return entity;
    }
    // A failed read throws: the catalog then records the error on the entity and
    // keeps its previous relations, rather than dropping them while the mesh
    // backend is down.
    const model = await this.fetcher.latestOrFetch();
    const self = getCompoundEntityRef(entity);
    for (const meshId of meshesOfWorkloads(query, model.meshes)) {
      const mesh = parseEntityRef(meshEntityRef(meshId));
      emit(processingResult.relation({ source: self, type: RELATION_DEPENDS_ON, target: mesh }));
      emit(processingResult.relation({ source: mesh, type: RELATION_DEPENDENCY_OF, target: self }));
    }
    return entity;
  }

  private workloadQuery(entity: Entity, location: LocationSpec, emit: CatalogProcessorEmit): WorkloadQuery | undefined {
    const annotations = entity.metadata.annotations ?? {};
    const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION] || undefined;
    // The label selector wins over the id, as in the Kubernetes plugin.
    const selector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
    if (!selector) {
      const id = annotations[KUBERNETES_ID_ANNOTATION];
      return id ? { kind: 'id', id, namespace } : undefined;
    }
    try {
      return { kind: 'selector', requirements: parseLabelSelector(selector), namespace };
    } catch (e) {
      const message = `${KUBERNETES_LABEL_SELECTOR_ANNOTATION} of ${entity.metadata.name}: ${(e as Error).message}`;
      this.logger.warn(`MeshMembershipProcessor: ${message}`);
      emit(processingResult.inputError(location, message));
      return undefined;
    }
  }
}
