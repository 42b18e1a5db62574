export { MeshClient } from './MeshClient';
export type { MeshClientOptions } from './MeshClient';
export type { MeshApi, MeshRequestOptions, MeshWriteOptions } from './MeshApi';
export { MeshConflictError } from './errors';
