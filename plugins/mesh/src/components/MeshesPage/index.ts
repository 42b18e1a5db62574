export { MeshesPage } from './MeshesPage';
