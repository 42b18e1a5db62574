/**
 * Meshfleet's global management backend: the mesh registry and its REST API.
 *
 * @packageDocumentation
 */

export { meshPlugin as default } from './plugin';
export type { MeshStore, NewMesh } from './database/MeshStore';
export { DatabaseMeshStore } from './database/DatabaseMeshStore';
export type { MeshModelSource } from './model/MeshModelSource';
