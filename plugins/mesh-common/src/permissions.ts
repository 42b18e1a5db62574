import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The permission resource type of a mesh. Operations on one mesh carry it, so
 * that a permission policy can decide per mesh (for example: a team may write
 * traffic policies in its own mesh only).
 *
 * @public
 */
export const MESH_RESOURCE_TYPE = 'mesh';

/**
 * Read a mesh: its clusters, services, drift and topology. A resource
 * permission, so a conditional policy can show a team only its own meshes:
 * lists are filtered by the decision, and a mesh the user may not read is
 * answered as not found (404), as the catalog does for entities.
 *
 * @public
 */
export const meshReadPermission = createPermission({
  name: 'mesh.read',
  attributes: { action: 'read' },
  resourceType: MESH_RESOURCE_TYPE,
});

/**
 * Read the clusters Meshfleet can reach and their status.
 *
 * @public
 */
export const meshClusterReadPermission = createPermission({
  name: 'mesh.cluster.read',
  attributes: { action: 'read' },
});

/**
 * Create a mesh (or adopt an existing Istio installation as an external mesh).
 *
 * @public
 */
export const meshCreatePermission = createPermission({
  name: 'mesh.create',
  attributes: { action: 'create' },
});

/**
 * Change a managed mesh's record: title, owner, Istio version and revision,
 * trust domain, networks. Members have their own permissions
 * ({@link meshClusterJoinPermission}, {@link meshClusterRemovePermission}).
 *
 * @public
 */
export const meshUpdatePermission = createPermission({
  name: 'mesh.update',
  attributes: { action: 'update' },
  resourceType: MESH_RESOURCE_TYPE,
});

/**
 * Delete a mesh from Meshfleet (and, for hosted and dedicated meshes, its control plane).
 *
 * @public
 */
export const meshDeletePermission = createPermission({
  name: 'mesh.delete',
  attributes: { action: 'delete' },
  resourceType: MESH_RESOURCE_TYPE,
});

/**
 * Install istiod (a control-plane revision) in the mesh's control-plane cluster.
 *
 * @public
 */
export const meshControlPlaneInstallPermission = createPermission({
  name: 'mesh.control-plane.install',
  attributes: { action: 'create' },
  resourceType: MESH_RESOURCE_TYPE,
});

/**
 * Upgrade the mesh's control plane to another Istio version or revision.
 *
 * @public
 */
export const meshControlPlaneUpgradePermission = createPermission({
  name: 'mesh.control-plane.upgrade',
  attributes: { action: 'update' },
  resourceType: MESH_RESOURCE_TYPE,
});

/**
 * Join a member cluster to the mesh (remote profile, remote secret, trust, network).
 *
 * @public
 */
export const meshClusterJoinPermission = createPermission({
  name: 'mesh.cluster.join',
  attributes: { action: 'update' },
  resourceType: MESH_RESOURCE_TYPE,
});

/**
 * Remove a member cluster from the mesh.
 *
 * @public
 */
export const meshClusterRemovePermission = createPermission({
  name: 'mesh.cluster.remove',
  attributes: { action: 'update' },
  resourceType: MESH_RESOURCE_TYPE,
});

/**
 * Turn sidecar injection on or off for namespaces of the mesh's clusters.
 *
 * @public
 */
export const meshInjectionManagePermission = createPermission({
  name: 'mesh.injection.manage',
  attributes: { action: 'update' },
  resourceType: MESH_RESOURCE_TYPE,
});

/**
 * Write traffic policies (VirtualService, DestinationRule, ServiceEntry, Sidecar)
 * in the mesh's control-plane cluster.
 *
 * @public
 */
export const meshTrafficPolicyWritePermission = createPermission({
  name: 'mesh.policy.traffic.write',
  attributes: { action: 'update' },
  resourceType: MESH_RESOURCE_TYPE,
});

/**
 * Write security policies (PeerAuthentication, AuthorizationPolicy,
 * RequestAuthentication) in the mesh's control-plane cluster.
 *
 * @public
 */
export const meshSecurityPolicyWritePermission = createPermission({
  name: 'mesh.policy.security.write',
  attributes: { action: 'update' },
  resourceType: MESH_RESOURCE_TYPE,
});

/**
 * Create, change or delete ingress, egress and east-west gateways of the mesh.
 *
 * @public
 */
export const meshGatewayManagePermission = createPermission({
  name: 'mesh.gateway.manage',
  attributes: { action: 'update' },
  resourceType: MESH_RESOURCE_TYPE,
});

/**
 * Every permission Meshfleet defines, for registration with the permission framework.
 *
 * @public
 */
export const meshPermissions = [
  meshReadPermission,
  meshClusterReadPermission,
  meshCreatePermission,
  meshUpdatePermission,
  meshDeletePermission,
  meshControlPlaneInstallPermission,
  meshControlPlaneUpgradePermission,
  meshClusterJoinPermission,
  meshClusterRemovePermission,
  meshInjectionManagePermission,
  meshTrafficPolicyWritePermission,
  meshSecurityPolicyWritePermission,
  meshGatewayManagePermission,
];
