export { registerMeshActions } from './meshActions';
export type { MeshActionOptions } from './meshActions';
