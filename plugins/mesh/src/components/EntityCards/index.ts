export { EntityMeshCard } from './EntityMeshCard';
export { EntityClusterMeshCard } from './EntityClusterMeshCard';
export { isMeshEntity, isClusterEntity } from './filters';
