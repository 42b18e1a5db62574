import type {
  ClusterListResponse,
  MeshDetailResponse,
  MeshListResponse,
  MeshMemberRequest,
  MeshRegistrationRequest,
  MeshUpdateRequest,
  MeshWriteConflictResponse,
} from '../api';
import type { components, operations } from '../generated/openapi';
import type {
  MeshOperation,
  MeshOperationLogResponse,
  MeshOperationPlan,
  MeshOperationRequest,
} from '../operations';
import type {
  MeshPolicy,
  MeshPolicyApplyRequest,
  MeshPolicyApplyResponse,
  MeshPolicyChange,
  MeshPolicyChangeListResponse,
  MeshPolicyDriftItem,
  MeshPolicyDriftListResponse,
  MeshPolicyImpact,
  MeshPolicyListResponse,
  MeshPolicyMessage,
  MeshPolicyRef,
  MeshPolicyValidateRequest,
  MeshPolicyValidateResponse,
  MeshPolicyValidationErrorResponse,
} from '../policies';
import type { MeshRecord } from '../types';
import type { MeshApi } from './MeshApi';

/*
 * Type-level checks that make `tsc` fail as soon as the OpenAPI document and
 * this package disagree: every operation has a client method of its
 * operationId's name (and no method lacks an operation), and mesh-common's
 * hand-written API types, which the UI and the backends use, are the ones the
 * document describes.
 */

type Schema<N extends keyof components['schemas']> = components['schemas'][N];

/** True when each type is assignable to the other. */
type Agree<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** `true` when `Names` is empty; otherwise the names, so the error says which. */
type NoneOf<Names> = [Names] extends [never] ? true : Names;

/** @internal */
export const clientAgreesWithDocument: {
  operationsWithoutMethod: NoneOf<Exclude<keyof operations, keyof MeshApi>>;
  methodsWithoutOperation: NoneOf<Exclude<keyof MeshApi, keyof operations>>;
  listMeshes: Agree<Schema<'MeshView'>[], MeshListResponse>;
  getMesh: Agree<Schema<'MeshDetail'>, MeshDetailResponse>;
  listClusters: Agree<Schema<'ClusterView'>[], ClusterListResponse>;
  meshRecord: Agree<Schema<'MeshRecord'>, MeshRecord>;
  registerMesh: Agree<Schema<'MeshRegistration'>, MeshRegistrationRequest>;
  updateMesh: Agree<Schema<'MeshUpdate'>, MeshUpdateRequest>;
  addMeshMember: Agree<Schema<'MeshMember'>, MeshMemberRequest>;
  writeConflict: Agree<Pick<Schema<'WriteConflict'>, 'current'>, Pick<MeshWriteConflictResponse, 'current'>>;
  operation: Agree<Schema<'MeshOperation'>, MeshOperation>;
  operationPlan: Agree<Schema<'MeshOperationPlan'>, MeshOperationPlan>;
  startOperation: Agree<Schema<'MeshOperationRequest'>, MeshOperationRequest>;
  operationLog: Agree<Schema<'MeshOperationLog'>, MeshOperationLogResponse>;
  policy: Agree<Schema<'MeshPolicy'>, MeshPolicy>;
  policyList: Agree<Schema<'MeshPolicyList'>, MeshPolicyListResponse>;
  policyApply: Agree<Schema<'MeshPolicyApplyRequest'>, MeshPolicyApplyRequest>;
  policyApplyResult: Agree<Schema<'MeshPolicyApplyResponse'>, MeshPolicyApplyResponse>;
  policyMessage: Agree<Schema<'MeshPolicyMessage'>, MeshPolicyMessage>;
  policyValidate: Agree<Schema<'MeshPolicyValidateRequest'>, MeshPolicyValidateRequest>;
  policyValidateResult: Agree<Schema<'MeshPolicyValidateResponse'>, MeshPolicyValidateResponse>;
  policyValidationFailure: Agree<Pick<Schema<'PolicyValidationFailure'>, 'messages'>, Pick<MeshPolicyValidationErrorResponse, 'messages'>>;
  policyImpact: Agree<Schema<'MeshPolicyImpact'>, MeshPolicyImpact>;
  policyChange: Agree<Schema<'MeshPolicyChange'>, MeshPolicyChange>;
  policyChangeList: Agree<Schema<'MeshPolicyChangeList'>, MeshPolicyChangeListResponse>;
  policyRef: Agree<Schema<'MeshPolicyRef'>, MeshPolicyRef>;
  policyDriftItem: Agree<Schema<'MeshPolicyDriftItem'>, MeshPolicyDriftItem>;
  policyDriftList: Agree<Schema<'MeshPolicyDriftList'>, MeshPolicyDriftListResponse>;
} = {
  operationsWithoutMethod: true,
  methodsWithoutOperation: true,
  listMeshes: true,
  getMesh: true,
  listClusters: true,
  meshRecord: true,
  registerMesh: true,
  updateMesh: true,
  addMeshMember: true,
  writeConflict: true,
  operation: true,
  operationPlan: true,
  startOperation: true,
  operationLog: true,
  policy: true,
  policyList: true,
  policyApply: true,
  policyApplyResult: true,
  policyMessage: true,
  policyValidate: true,
  policyValidateResult: true,
  policyValidationFailure: true,
  policyImpact: true,
  policyChange: true,
  policyChangeList: true,
  policyRef: true,
  policyDriftItem: true,
  policyDriftList: true,
};
