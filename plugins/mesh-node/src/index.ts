/**
 * Node library of Meshfleet for backend module authors: the extension points
 * through which a module changes how istiod is installed (`mesh.installer`) and
 * where clusters come from (`mesh.cluster-supplier`), with their types, and the
 * helpers a permission policy uses for the `mesh` resource type. The
 * implementation (cluster access, discovery) lives in the mesh backend.
 *
 * @packageDocumentation
 */

export type {
  ControlPlaneInstallRequest,
  ControlPlaneInstallResult,
  ControlPlaneUninstallRequest,
  MeshInstallerExtensionPoint,
  MeshInstallerStrategy,
} from './installer';
export { meshInstallerExtensionPoint } from './installer';
export type {
  MeshClusterDescriptor,
  MeshClusterSupplier,
  MeshClusterSupplierExtensionPoint,
} from './clusters';
export { meshClusterSupplierExtensionPoint } from './clusters';
export type { MeshPermissionQuery, MeshPermissionResource } from './permissions';
export {
  createMeshConditionalDecision,
  meshConditions,
  meshPermissionResourceRef,
  meshPermissionRules,
} from './permissions';
