import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { MESH_RESOURCE_TYPE, MESH_TYPES, MeshType } from '@meshfleet/plugin-mesh-common';
import { z } from 'zod';

/**
 * What the permission framework sees of a mesh when a policy's conditions are
 * applied to it (resource type `mesh`, resource ref: the mesh id).
 *
 * @public
 */
export interface MeshPermissionResource {
  /** The mesh id, which is also the resource ref. */
  id: string;
  /** Entity ref of the owning group or user; managed meshes only. */
  owner?: string;
  type: MeshType;
  /** Whether Meshfleet manages the mesh (it has a stored record) rather than only discovered it. */
  managed: boolean;
  /** The mesh's clusters, control plane first. */
  clusters: string[];
  /**
   * For a policy write only: the namespace of the policies written (in the
   * mesh's config cluster). Absent for every other decision.
   */
  policyNamespace?: string;
  /**
   * For a policy write only: entity refs of the owners of catalog Components
   * whose workloads run in {@link MeshPermissionResource.policyNamespace} in
   * this mesh.
   */
  policyNamespaceOwners?: string[];
}

/**
 * A condition translated for a backing store: the field of
 * {@link MeshPermissionResource} and the values it may take. Meshes are
 * filtered in memory today; the query form keeps the rules ready for a
 * database filter.
 *
 * @public
 */
export type MeshPermissionQuery =
  | { property: 'owner'; values: string[] }
  | { property: 'type'; values: MeshType[] }
  | { property: 'managed'; values: [true] }
  | { property: 'policyNamespaceOwners'; values: string[] };

/**
 * The `mesh` permission resource type, registered by the mesh backend with
 * `coreServices.permissionsRegistry`.
 *
 * @public
 */
export const meshPermissionResourceRef = createPermissionResourceRef<
  MeshPermissionResource,
  MeshPermissionQuery
>().with({ pluginId: 'mesh', resourceType: MESH_RESOURCE_TYPE });

/** Entity refs compare case-insensitively, as in the catalog. */
function normalizeRef(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

const isOwner = createPermissionRule({
  name: 'IS_OWNER',
  description: "Allow meshes whose owner is one of the given entity refs (pass the user's ownership entity refs)",
  resourceRef: meshPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe("Entity refs to match the mesh's owner against, e.g. the user's ownershipEntityRefs"),
  }),
  apply: (resource, { claims }) =>
    resource.owner !== undefined && claims.map(normalizeRef).includes(normalizeRef(resource.owner)),
  toQuery: ({ claims }): PermissionCriteria<MeshPermissionQuery> => ({
    property: 'owner',
    values: claims.map(normalizeRef),
  }),
});

const isManaged = createPermissionRule({
  name: 'IS_MANAGED',
  description: 'Allow meshes Meshfleet manages (registered), not ones it only discovered',
  resourceRef: meshPermissionResourceRef,
  apply: resource => resource.managed,
  toQuery: (): PermissionCriteria<MeshPermissionQuery> => ({ property: 'managed', values: [true] }),
});

const hasType = createPermissionRule({
  name: 'HAS_TYPE',
  description: 'Allow meshes of one of the given types (hosted, dedicated, external)',
  resourceRef: meshPermissionResourceRef,
  paramsSchema: z.object({
    types: z.array(z.enum(MESH_TYPES as [MeshType, ...MeshType[]])).describe('Mesh types to allow'),
  }),
  apply: (resource, { types }) => types.includes(resource.type),
  toQuery: ({ types }): PermissionCriteria<MeshPermissionQuery> => ({ property: 'type', values: types }),
});

// A service owner governs the traffic and security of their own namespaces,
// not the mesh: the rule matches only a policy write's resource, which names
// the namespace and the owners of the Components running there.
const isNamespaceServiceOwner = createPermissionRule({
  name: 'IS_NAMESPACE_SERVICE_OWNER',
  description:
    "Allow policy writes in a namespace where a catalog Component owned by one of the given entity refs runs workloads in this mesh (pass the user's ownership entity refs)",
  resourceRef: meshPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe("Entity refs to match the namespace's Component owners against, e.g. the user's ownershipEntityRefs"),
  }),
  apply: (resource, { claims }) => {
    if (resource.policyNamespace === undefined) return false;
    const owners = new Set((resource.policyNamespaceOwners ?? []).map(normalizeRef));
    return claims.some(claim => owners.has(normalizeRef(claim)));
  },
  toQuery: ({ claims }): PermissionCriteria<MeshPermissionQuery> => ({
    property: 'policyNamespaceOwners',
    values: claims.map(normalizeRef),
  }),
});

/**
 * The rules a permission policy can use for resource type `mesh`:
 * `IS_OWNER` (`{ claims }`), `IS_MANAGED`, `HAS_TYPE` (`{ types }`), and, for
 * the policy write permissions, `IS_NAMESPACE_SERVICE_OWNER` (`{ claims }`).
 *
 * @public
 */
export const meshPermissionRules = { isOwner, isManaged, hasType, isNamespaceServiceOwner };

const conditionExports = createConditionExports({
  resourceRef: meshPermissionResourceRef,
  rules: meshPermissionRules,
});

/**
 * Conditions for policy authors, one per rule of {@link meshPermissionRules}:
 * `meshConditions.isOwner({ claims: user.info.ownershipEntityRefs })`.
 *
 * @public
 */
export const meshConditions = conditionExports.conditions;

/**
 * Builds a conditional decision for a `mesh` resource permission:
 * `createMeshConditionalDecision(permission, meshConditions.isOwner({ claims }))`.
 *
 * @public
 */
export const createMeshConditionalDecision = conditionExports.createConditionalDecision;
