export { MeshTopologyPage } from './MeshTopologyPage';
export type { MeshTopologyPageProps } from './MeshTopologyPage';
export { MeshTopologyRoute } from './MeshTopologyRoute';
