/**
 * Isomorphic part of Meshfleet: annotation keys, catalog entity types,
 * permissions and the types of the mesh backend's API.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './entities';
export * from './permissions';
export * from './types';
export * from './model';
export * from './api';
export { MeshClient, MeshConflictError } from './client';
export type { MeshApi, MeshClientOptions, MeshRequestOptions, MeshWriteOptions } from './client';
