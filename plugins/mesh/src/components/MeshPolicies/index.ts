export { MeshPoliciesTab } from './MeshPoliciesTab';
export type { MeshPoliciesTabProps } from './MeshPoliciesTab';
