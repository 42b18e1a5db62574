/**
 * Catalog module of Meshfleet: meshes and clusters as catalog entities, and
 * Components related to the meshes their workloads run in.
 *
 * @packageDocumentation
 */

export { catalogModuleMesh as default } from './module';
export { MeshEntityProvider } from './provider/MeshEntityProvider';
export type { MeshEntityProviderOptions } from './provider/MeshEntityProvider';
export { MeshMembershipProcessor } from './processor/MeshMembershipProcessor';
export { MeshBackendUnavailableError, MeshModelFetcher } from './client/MeshModelFetcher';
export type { FetchedMeshModel, MeshModelChange, MeshModelFetcherOptions } from './client/MeshModelFetcher';
export { readMeshProviderConfig } from './config';
export type { MeshProviderConfig } from './config';
export { CLUSTER_ENTITY_ANNOTATIONS, translateMeshModel } from './translate';
export type { TranslateOptions, TranslationIssue, TranslationResult } from './translate';
