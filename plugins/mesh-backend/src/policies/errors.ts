import type { MeshPolicy } from '@meshfleet/plugin-mesh-common';

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
