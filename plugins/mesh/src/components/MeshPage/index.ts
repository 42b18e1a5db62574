export { MeshPage } from './MeshPage';
export type { MeshPageProps } from './MeshPage';
export { MeshRoute } from './MeshRoute';
