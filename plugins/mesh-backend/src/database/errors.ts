import { ConflictError } from '@backstage/errors';
import { MeshRecord } from '@meshfleet/plugin-mesh-common';

/**
 * A change was based on a version of the mesh that is no longer current.
 * Carries the current record so the API can hand it back (409) for the
 * client to merge and retry.
 *
 * @public
 */
export class MeshVersionConflictError extends ConflictError {
  constructor(
    readonly current: MeshRecord,
    readonly expectedVersion: number,
  ) {
    super(
      `Mesh '${current.id}' has changed: the change was based on version "${expectedVersion}" but the current version is "${current.version}"; ` +
        `apply your change to the current record and retry with If-Match "${current.version}"`,
    );
  }
}

/**
 * Whether a database error is a unique or primary-key violation, on SQLite
 * (better-sqlite3) or PostgreSQL (pg).
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
