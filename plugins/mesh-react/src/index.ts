/**
 * Web library of Meshfleet: the API client for the mesh backend, hooks and
 * shared components.
 *
 * @packageDocumentation
 */

export { meshApiRef } from './api/MeshApi';
export type { MeshApi, MeshApiRequestOptions } from './api/MeshApi';
export { MeshClient } from './api/MeshClient';
export type { MeshClientDiscovery, MeshClientFetch } from './api/MeshClient';
export * from './components';
