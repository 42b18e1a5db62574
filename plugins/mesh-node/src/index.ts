/**
 * Backend library of Meshfleet: cluster access, Istio discovery and the mesh
 * model built from it, and the extension points through which backend modules
 * change how istiod is installed and where clusters come from.
 *
 * @packageDocumentation
 */

export * from './installer';
export * from './clusters';
export * from './discovery';
export * from './access';
export * from './live';
export type { MeshPermissionQuery, MeshPermissionResource } from './permissions';
export {
  createMeshConditionalDecision,
  meshConditions,
  meshPermissionResourceRef,
  meshPermissionRules,
} from './permissions';
