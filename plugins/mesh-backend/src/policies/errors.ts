import type { MeshPolicy, MeshPolicyMessage } from '@meshfleet/plugin-mesh-common';

/**
 * A policy write against a `resourceVersion` that is no longer current:
 * answered 409 with the object as it is now, so the client can merge and retry.
 */
export class PolicyConflictError extends Error {
  constructor(
    message: string,
    readonly current: MeshPolicy | undefined,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

/**
 * A policy write refused by validation (schema, analysis or the config
 * cluster's dry run): answered 400 with every finding, so a form or editor
 * can point at each field. Nothing was applied.
 */
export class PolicyValidationError extends Error {
  constructor(
    message: string,
    readonly messages: MeshPolicyMessage[],
  ) {
    super(message);
    this.name = 'InputError';
  }
}
