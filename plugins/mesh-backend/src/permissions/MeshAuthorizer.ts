import { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission, ResourcePermission } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer, PermissionRuleset } from '@backstage/plugin-permission-node';
import { MESH_RESOURCE_TYPE } from '@meshfleet/plugin-mesh-common';
import { MeshPermissionResource } from '@meshfleet/plugin-mesh-node';

/** What a caller may do with meshes, decided once per request. */
export interface MeshDecision {
  /** False when the policy denies the permission outright, whatever the mesh. */
  readonly anyAllowed: boolean;
  /** Whether the decision allows this mesh (applies conditions locally). */
  allows(resource: MeshPermissionResource): boolean;
  /** Throws a NotAllowedError naming the permission and the mesh unless allowed. */
  assert(resource: MeshPermissionResource): void;
}

/**
 * Permission checks for the mesh routes. A resource permission is decided with
 * one `authorizeConditional` call per request and its conditions are applied
 * here, in memory, to as many meshes as the route handles (a list filters
 * with one policy call, not one per mesh).
 */
export class MeshAuthorizer {
  private readonly isAllowed: ReturnType<typeof createConditionAuthorizer<MeshPermissionResource>>;

  constructor(
    private readonly permissions: PermissionsService,
    ruleset: PermissionRuleset<MeshPermissionResource>,
  ) {
    this.isAllowed = createConditionAuthorizer(ruleset);
  }

  async decide(
    permission: ResourcePermission<typeof MESH_RESOURCE_TYPE>,
    credentials: BackstageCredentials,
  ): Promise<MeshDecision> {
    const [decision] = await this.permissions.authorizeConditional([{ permission }], { credentials });
    const allows = (resource: MeshPermissionResource) => this.isAllowed(decision, resource);
    return {
      anyAllowed: decision.result !== AuthorizeResult.DENY,
      allows,
      assert(resource) {
        if (!allows(resource)) {
          throw new NotAllowedError(`Permission '${permission.name}' is required for mesh '${resource.id}'`);
        }
      },
    };
  }

  /** Throws a NotAllowedError naming the permission unless the policy allows it. */
  async assertBasic(permission: BasicPermission, credentials: BackstageCredentials): Promise<void> {
    const [decision] = await this.permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Permission '${permission.name}' is required`);
    }
  }

  /** Throws a NotAllowedError naming the permission when the policy denies it for every mesh. */
  async decideOrDeny(
    permission: ResourcePermission<typeof MESH_RESOURCE_TYPE>,
    credentials: BackstageCredentials,
  ): Promise<MeshDecision> {
    const decision = await this.decide(permission, credentials);
    if (!decision.anyAllowed) {
      throw new NotAllowedError(`Permission '${permission.name}' is required`);
    }
    return decision;
  }
}
