import {
  meshClusterJoinPermission,
  meshClusterRemovePermission,
  meshCreatePermission,
  meshDeletePermission,
  MeshOperation,
} from '@meshfleet/plugin-mesh-common';

/*
 * How an operation reads in the UI. Pure. Kinds this version does not know
 * (the list grows with Meshfleet) are shown by their name.
 */

function param(operation: MeshOperation, key: string): string {
  const value = operation.params[key];
  return typeof value === 'string' ? value : '?';
}

/** One line saying what the operation does: `Onboard cluster east`. */
export function operationTitle(operation: MeshOperation): string {
  switch (operation.kind) {
    case 'mesh.create':
      return 'Create the mesh';
    case 'cluster.join':
      return `Onboard cluster ${param(operation, 'cluster')}`;
    case 'cluster.leave':
      return `Remove cluster ${param(operation, 'cluster')}`;
    case 'mesh.delete':
      return 'Delete the mesh';
    default:
      return operation.kind;
  }
}

/** `3 of 8 steps done`, and which step runs or failed. */
export function operationProgress(operation: MeshOperation): string {
  const done = operation.steps.filter(s => s.status === 'succeeded').length;
  const current = operation.steps.find(s => s.status === 'running' || s.status === 'failed');
  const base = `${done} of ${operation.steps.length} steps done`;
  if (!current || operation.status === 'succeeded') {
    return base;
  }
  return `${base}; ${current.status === 'running' ? 'running' : 'failed'}: ${current.title}`;
}

/** Whether the operation may still change (its progress is followed). */
export function isActive(operation: MeshOperation): boolean {
  return operation.status === 'pending' || operation.status === 'running';
}

/**
 * The permission a retry needs: the one of the operation's kind (the mesh
 * backend checks it again), or undefined for a kind this version does not know.
 */
export type RetryPermission =
  | typeof meshCreatePermission
  | typeof meshClusterJoinPermission
  | typeof meshClusterRemovePermission
  | typeof meshDeletePermission;

export function retryPermission(operation: MeshOperation): RetryPermission | undefined {
  switch (operation.kind) {
    case 'mesh.create':
      return meshCreatePermission;
    case 'cluster.join':
      return meshClusterJoinPermission;
    case 'cluster.leave':
      return meshClusterRemovePermission;
    case 'mesh.delete':
      return meshDeletePermission;
    default:
      return undefined;
  }
}
