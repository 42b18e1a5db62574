export { translateMeshModel } from './translate';
export { CLUSTER_ENTITY_ANNOTATIONS } from './annotations';
export { clusterEntityName, meshEntityName, meshEntityRef, resourceRef, toEntityName } from './names';
export type { MeshModel, TranslateOptions, TranslationIssue, TranslationResult } from './types';
