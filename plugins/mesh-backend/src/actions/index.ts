export { registerMeshActions } from './meshActions';
export type { MeshActionOptions } from './meshActions';
export { registerPolicyActions } from './policyActions';
export type { PolicyActionOptions } from './policyActions';
