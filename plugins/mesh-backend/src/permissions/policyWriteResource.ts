import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { MeshDetailResponse } from '@meshfleet/plugin-mesh-common';
import type { MeshPermissionResource } from '@meshfleet/plugin-mesh-node';
import { meshViewResource } from './meshResource';
import { namespaceOwnersOf } from './namespaceOwners';

/** Who owns the workloads of a mesh's namespace (entity refs), for the owner rule. */
export type NamespaceOwners = (mesh: MeshDetailResponse, namespace: string) => Promise<string[]>;

/**
 * What a policy write in `namespace` of the mesh is decided against: the
 * mesh, the namespace, and the owners of the Components running there (so
 * `IS_NAMESPACE_SERVICE_OWNER` can allow a service owner their namespace).
 */
export function policyWriteResource(mesh: MeshDetailResponse, namespace: string, owners: string[]): MeshPermissionResource {
  return { ...meshViewResource(mesh), policyNamespace: namespace, policyNamespaceOwners: owners };
}

/**
 * Namespace owners from the catalog's Components, read with the plugin's own
 * credentials: the decision must not depend on which Components the caller
 * may see.
 */
export function catalogNamespaceOwners(catalog: { service: CatalogService; auth: AuthService }): NamespaceOwners {
  return async (mesh, namespace) => {
    const { items } = await catalog.service.getEntities(
      { filter: { kind: 'Component' }, fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.annotations', 'spec.owner'] },
      { credentials: await catalog.auth.getOwnServiceCredentials() },
    );
    return namespaceOwnersOf(items, mesh.services, namespace);
  };
}
