import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import { isResourcePermission } from '@backstage/plugin-permission-common';
import { MESH_RESOURCE_TYPE, meshPermissions } from '@meshfleet/plugin-mesh-common';
import { MeshPermissionResource, meshPermissionResourceRef, meshPermissionRules } from '@meshfleet/plugin-mesh-node';

/**
 * Registers Meshfleet's permissions, the `mesh` resource type with its rules
 * (`IS_OWNER`, `IS_MANAGED`, `HAS_TYPE`) and the loader the permission backend
 * uses to apply a policy's conditions to meshes by id.
 */
export function registerMeshPermissions(
  permissionsRegistry: PermissionsRegistryService,
  loadResources: () => Promise<MeshPermissionResource[]>,
): void {
  permissionsRegistry.addPermissions(meshPermissions.filter(p => !isResourcePermission(p, MESH_RESOURCE_TYPE)));
  permissionsRegistry.addResourceType({
    resourceRef: meshPermissionResourceRef,
    permissions: meshPermissions.filter(p => isResourcePermission(p, MESH_RESOURCE_TYPE)),
    rules: Object.values(meshPermissionRules),
    getResources: async (resourceRefs: string[]) => {
      const byId = new Map((await loadResources()).map(r => [r.id, r]));
      return resourceRefs.map(ref => byId.get(ref));
    },
  });
}
