/**
 * Catalog module of Meshfleet: meshes and clusters as catalog entities.
 *
 * @packageDocumentation
 */

export { catalogModuleMesh as default } from './module';
export { MeshEntityProvider } from './MeshEntityProvider';
export type { MeshEntitySource } from './MeshEntityProvider';
