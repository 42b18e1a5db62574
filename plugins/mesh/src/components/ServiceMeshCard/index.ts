export { EntityServiceMeshCard, SERVICE_MESH_TAB_PATH } from './EntityServiceMeshCard';
