import { BackstageUserInfo } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  MESH_RESOURCE_TYPE,
  meshCreatePermission,
  meshPermissions,
  meshSecurityPolicyWritePermission,
  meshTrafficPolicyWritePermission,
} from '@meshfleet/plugin-mesh-common';
import { createMeshConditionalDecision, meshConditions } from '@meshfleet/plugin-mesh-node';

/** The guest provider signs in as `user:development/guest` unless told otherwise; examples/org.yaml uses default. */
const GUEST_USERS = ['user:development/guest', 'user:default/guest'];

/** Members of this group may do everything (examples/org.yaml defines it). */
export const LOCAL_ADMIN_GROUP = 'group:default/admins';

const MESHFLEET_PERMISSION_NAMES = new Set(meshPermissions.map(p => p.name));

const POLICY_WRITE_PERMISSION_NAMES = new Set([meshTrafficPolicyWritePermission.name, meshSecurityPolicyWritePermission.name]);

/**
 * Meshfleet's policy for local use, NOT for production (install your own):
 *
 * - non-Meshfleet permissions are allowed, so the rest of Backstage stays usable;
 * - the guest user and members of {@link LOCAL_ADMIN_GROUP} may do everything;
 * - everyone else may read (`mesh.read`, `mesh.cluster.read`), may not register
 *   meshes (`mesh.create`), and may change only meshes they own: every other
 *   `mesh` resource permission is conditional on `IS_OWNER` with the user's
 *   ownership entity refs; the policy write permissions also on
 *   `IS_NAMESPACE_SERVICE_OWNER`, so the owner of a catalog Component may
 *   change the Istio policies of the namespaces its workloads run in.
 */
export class MeshfleetLocalPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: (user: PolicyQueryUser) => Promise<BackstageUserInfo>) {}

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const { permission } = request;
    if (!MESHFLEET_PERMISSION_NAMES.has(permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    const info = user ? await this.userInfo(user) : undefined;
    if (info && isLocalAdmin(info)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (permission.name === meshCreatePermission.name) {
      return { result: AuthorizeResult.DENY };
    }
    if (permission.attributes.action === 'read') {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isResourcePermission(permission, MESH_RESOURCE_TYPE)) {
      const claims = info?.ownershipEntityRefs ?? [];
      if (POLICY_WRITE_PERMISSION_NAMES.has(permission.name)) {
        return createMeshConditionalDecision(permission, {
          anyOf: [meshConditions.isOwner({ claims }), meshConditions.isNamespaceServiceOwner({ claims })],
        });
      }
      return createMeshConditionalDecision(permission, meshConditions.isOwner({ claims }));
    }
    return { result: AuthorizeResult.DENY };
  }
}

function isLocalAdmin(info: BackstageUserInfo): boolean {
  const refs = [info.userEntityRef, ...info.ownershipEntityRefs].map(ref => ref.toLocaleLowerCase('en-US'));
  return refs.some(ref => GUEST_USERS.includes(ref) || ref === LOCAL_ADMIN_GROUP);
}
