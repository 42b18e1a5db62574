import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { CLUSTER_ENTITY_TYPE, MESH_ANNOTATIONS, MESH_ENTITY_TYPE } from '@meshfleet/plugin-mesh-common';

/**
 * The Backstage cluster name on the cluster Resources Meshfleet's catalog
 * module emits (`CLUSTER_ENTITY_ANNOTATIONS.clusterName` of
 * `@meshfleet/plugin-catalog-backend-module-mesh`: entity names carry the
 * cluster's source, `config-east`, so the name itself is kept here).
 */
export const CLUSTER_NAME_ANNOTATION = 'meshfleet.io/cluster-name';

/** An entity ref as EntityPicker gives it: `kind:namespace/name` or `kind:name`. */
const ENTITY_REF = /^[A-Za-z][A-Za-z0-9-]*:/;

/** Whether the value is an entity ref (has a kind) rather than a plain name or id. */
export function isEntityRef(value: string): boolean {
  return ENTITY_REF.test(value);
}

/** How the actions read entities: the catalog, as the user who runs the task. */
export interface EntityReader {
  getEntity(ref: string): Promise<Entity | undefined>;
}

export function catalogEntityReader(catalog: CatalogService, credentials: () => Promise<BackstageCredentials>): EntityReader {
  return {
    async getEntity(ref) {
      return catalog.getEntityByRef(ref, { credentials: await credentials() });
    },
  };
}

function parseRef(value: string, field: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(value, { defaultNamespace: 'default' }));
  } catch (error) {
    throw new InputError(`${field}: '${value}' is not an entity ref: ${(error as Error).message}`);
  }
}

async function resourceOfType(reader: EntityReader, value: string, field: string, type: string): Promise<Entity> {
  const ref = parseRef(value, field);
  const entity = await reader.getEntity(ref);
  if (!entity) {
    throw new InputError(`${field}: no catalog entity '${ref}' (or you may not read it)`);
  }
  if (entity.kind !== 'Resource' || entity.spec?.type !== type) {
    throw new InputError(
      `${field}: '${ref}' is a ${entity.kind} of type '${String(entity.spec?.type)}'; expected a Resource of type ${type}`,
    );
  }
  return entity;
}

/**
 * The Backstage cluster name for a cluster name or a cluster Resource's
 * entity ref (read from its `meshfleet.io/cluster-name` annotation).
 */
export async function resolveClusterName(reader: EntityReader, value: string, field: string): Promise<string> {
  if (!isEntityRef(value)) {
    return value;
  }
  const entity = await resourceOfType(reader, value, field, CLUSTER_ENTITY_TYPE);
  const name = entity.metadata.annotations?.[CLUSTER_NAME_ANNOTATION];
  if (!name) {
    throw new InputError(
      `${field}: '${stringifyEntityRef(entity)}' has no ${CLUSTER_NAME_ANNOTATION} annotation; expected a cluster Resource emitted by Meshfleet's catalog module, or give the cluster's name`,
    );
  }
  return name;
}

/**
 * The mesh id for a mesh id or a mesh Resource's entity ref (read from its
 * `meshfleet.io/mesh-id` annotation).
 */
export async function resolveMeshId(reader: EntityReader, value: string, field: string): Promise<string> {
  if (!isEntityRef(value)) {
    return value;
  }
  const entity = await resourceOfType(reader, value, field, MESH_ENTITY_TYPE);
  const id = entity.metadata.annotations?.[MESH_ANNOTATIONS.meshId];
  if (!id) {
    throw new InputError(
      `${field}: '${stringifyEntityRef(entity)}' has no ${MESH_ANNOTATIONS.meshId} annotation; expected a mesh Resource emitted by Meshfleet's catalog module, or give the mesh's id`,
    );
  }
  return id;
}
