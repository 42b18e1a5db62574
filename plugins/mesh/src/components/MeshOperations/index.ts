export { MeshOperationsPanel } from './MeshOperationsPanel';
export type { MeshOperationsPanelProps } from './MeshOperationsPanel';
