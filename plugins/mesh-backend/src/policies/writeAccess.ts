import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { MeshDetailResponse } from '@meshfleet/plugin-mesh-common';
import type { MeshAuthorizer } from '../permissions/MeshAuthorizer';
import { meshViewResource } from '../permissions/meshResource';
import { NamespaceOwners, policyWriteResource } from '../permissions/policyWriteResource';
import { PolicyKind, writePermissionOf } from './policyKinds';

/** What a policy write touches: the kind (its area's permission) and the namespace. */
export interface PolicyTarget {
  kind: PolicyKind;
  namespace: string;
}

/**
 * Throws NotAllowedError unless the caller may write every target: the
 * traffic or security policy permission, decided for this mesh and each
 * target namespace. The namespace's Component owners are read only when the
 * mesh alone does not decide it (a conditional decision such as the owner
 * rule's), so an admin's write asks nothing of the catalog.
 */
export async function assertMayWritePolicies(
  authorizer: MeshAuthorizer,
  namespaceOwners: NamespaceOwners | undefined,
  credentials: BackstageCredentials,
  mesh: MeshDetailResponse,
  targets: PolicyTarget[],
): Promise<void> {
  for (const area of [...new Set(targets.map(t => t.kind.area))]) {
    const permission = writePermissionOf(area);
    const decision = await authorizer.decideOrDeny(permission, credentials);
    if (decision.allows(meshViewResource(mesh))) continue;
    const namespaces = [...new Set(targets.filter(t => t.kind.area === area).map(t => t.namespace))];
    for (const namespace of namespaces) {
      const owners = namespaceOwners ? await namespaceOwners(mesh, namespace) : [];
      if (!decision.allows(policyWriteResource(mesh, namespace, owners))) {
        throw new NotAllowedError(`Permission '${permission.name}' is required for namespace ${namespace} of mesh '${mesh.id}'`);
      }
    }
  }
}
