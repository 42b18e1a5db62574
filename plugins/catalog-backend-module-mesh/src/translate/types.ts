import { Entity } from '@backstage/catalog-model';
import type { MeshModel } from '@meshfleet/plugin-mesh-common';

/**
 * The mesh backend's model as the catalog module reads it (`GET /clusters`
 * and `GET /meshes/{id}` for every mesh): one type for both, from
 * `@meshfleet/plugin-mesh-common`.
 */
export type { MeshModel };

/**
 * Settings of a translation that do not come from the model.
 *
 * @public
 */
export interface TranslateOptions {
  /** Full entity ref of the owner of every entity. */
  owner: string;
  /**
   * Location ref written to both managed-by annotations, e.g.
   * `meshfleet-mesh:mesh` (`MESH_ENTITY_LOCATION`).
   */
  location: string;
  /** Value of `kubernetes.io/auth-provider`; omitted when absent. */
  clusterAuthProvider?: string;
  /** How long an unreachable cluster stays, counted from its `unreachableSince`. */
  unreachableGracePeriodMs: number;
  /** The time the grace period is measured against. */
  now: Date;
}

/**
 * Something in the model that could not be translated as it is: the entity
 * was skipped, or emitted without a part. Always names the cluster or mesh.
 *
 * @public
 */
export interface TranslationIssue {
  /** `cluster <source>/<name>` or `mesh <id>`. */
  subject: string;
  message: string;
}

/**
 * The result of a translation: entities to emit and what went wrong.
 *
 * @public
 */
export interface TranslationResult {
  entities: Entity[];
  issues: TranslationIssue[];
}
