import { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult, isResourcePermission } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer, PermissionRuleset } from '@backstage/plugin-permission-node';
import { MESH_RESOURCE_TYPE, MeshOperation, meshReadPermission } from '@meshfleet/plugin-mesh-common';
import { MeshPermissionResource } from '@meshfleet/plugin-mesh-node';
import { MeshStore } from '../database/MeshStore';
import { MeshModelSource } from '../model/MeshModelSource';
import { MeshAuthorizer } from '../permissions/MeshAuthorizer';
import { meshRecordResource, meshViewResource } from '../permissions/meshResource';
import { KindRegistry } from './KindRegistry';
import { AnyOperationKindDefinition } from './types';

/** Who a request is from, as operations record it: a user entity ref or a service's subject. */
export function principalOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
  return principal.userEntityRef ?? principal.subject ?? principal.type;
}

/**
 * Permission decisions for operations: starting (and retrying) needs the
 * kind's permission, on the operation's mesh for a resource permission;
 * reading needs `mesh.read` on the operation's mesh, or having started it.
 * The mesh is the stored record, else the discovered mesh, else what the
 * kind says of the mesh it would create; conditions are applied here, one
 * policy call per request.
 */
export class OperationAccess {
  private readonly authorizer: MeshAuthorizer;
  private readonly isAllowed: ReturnType<typeof createConditionAuthorizer<MeshPermissionResource>>;

  constructor(
    private readonly options: {
      permissions: PermissionsService;
      permissionRuleset: PermissionRuleset<MeshPermissionResource>;
      meshes: MeshStore;
      model: MeshModelSource;
      kinds: KindRegistry<unknown>;
    },
  ) {
    this.authorizer = new MeshAuthorizer(options.permissions, options.permissionRuleset);
    this.isAllowed = createConditionAuthorizer(options.permissionRuleset);
  }

  /**
   * Throws NotAllowedError (403) naming the permission unless the caller may
   * start (or retry) an operation of this kind on this mesh; NotFoundError
   * when a resource permission names a mesh nobody knows.
   */
  async assertMayStart(
    kind: AnyOperationKindDefinition,
    params: unknown,
    meshId: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const { permission } = kind;
    if (!isResourcePermission(permission, MESH_RESOURCE_TYPE)) {
      await this.authorizer.assertBasic(permission, credentials);
      return;
    }
    const decision = await this.authorizer.decideOrDeny(permission, credentials);
    const resource = (await this.knownMeshes()).get(meshId) ?? kind.describeMesh?.(params);
    if (!resource) {
      throw new NotFoundError(`No mesh with id '${meshId}'`);
    }
    decision.assert(resource);
  }

  /** A predicate telling which operations the caller may read (decided once). */
  async readFilter(credentials: BackstageCredentials): Promise<(operation: MeshOperation) => boolean> {
    const caller = principalOf(credentials);
    const [decision] = await this.options.permissions.authorizeConditional([{ permission: meshReadPermission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      const all = decision.result === AuthorizeResult.ALLOW;
      return operation => all || operation.requestedBy === caller;
    }
    const meshes = await this.knownMeshes();
    return operation =>
      operation.requestedBy === caller ||
      this.isAllowed(decision, meshes.get(operation.meshId) ?? this.describedMesh(operation));
  }

  /** Every mesh the permission rules can be applied to: stored records win over discovered meshes. */
  private async knownMeshes(): Promise<Map<string, MeshPermissionResource>> {
    const [{ meshes }, records] = await Promise.all([this.options.model.getModel(), this.options.meshes.listMeshes()]);
    const byId = new Map<string, MeshPermissionResource>(meshes.map(m => [m.id, meshViewResource(m)]));
    for (const record of records) {
      byId.set(record.id, meshRecordResource(record));
    }
    return byId;
  }

  /** The mesh as the operation's kind describes it, for a mesh that is not (yet, or any more) known. */
  private describedMesh(operation: MeshOperation): MeshPermissionResource | undefined {
    const kind = this.options.kinds.find(operation.kind);
    try {
      return kind?.describeMesh?.(kind.parseParams(operation.params));
    } catch {
      return undefined;
    }
  }
}
