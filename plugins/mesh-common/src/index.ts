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
export { MESH_OPERATION_CHANGED_TOPIC, MESH_OPERATION_KINDS } from './operations';
export type {
  ClusterJoinOperationRequest,
  ClusterLeaveOperationRequest,
  MeshCreateOperationRequest,
  MeshDeleteOperationRequest,
  MeshOperation,
  MeshOperationChangedEvent,
  MeshOperationError,
  MeshOperationKind,
  MeshOperationListResponse,
  MeshOperationLogEntry,
  MeshOperationLogResponse,
  MeshOperationPlan,
  MeshOperationRequest,
  MeshOperationStatus,
  MeshOperationStep,
  MeshOperationStepStatus,
  PlannedChange,
  PlannedHelmRelease,
} from './operations';
export { MeshClient, MeshConflictError } from './client';
export type {
  MeshApi,
  MeshClientOptions,
  MeshOperationLogQuery,
  MeshOperationQuery,
  MeshRequestOptions,
  MeshStartOperationOptions,
  MeshWriteOptions,
} from './client';
