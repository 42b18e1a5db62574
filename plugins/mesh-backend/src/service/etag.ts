import { CustomErrorBase, InputError } from '@backstage/errors';

/**
 * The request had no `If-Match` although the route needs one (HTTP 428).
 * Backstage's error middleware takes the status from `statusCode`.
 */
export class PreconditionRequiredError extends CustomErrorBase {
  name = 'PreconditionRequiredError' as const;
  readonly statusCode = 428;
}

/** A record version as a strong ETag. */
export function toETag(version: number): string {
  return `"${version}"`;
}

/**
 * The version an `If-Match` header names, or undefined when there is none
 * and `required` is false. Only a single strong ETag is accepted: `*` or a
 * list would let a write through without saying what it was based on.
 */
export function parseIfMatch(header: string | undefined, options: { required: boolean }): number | undefined {
  if (header === undefined || header.trim() === '') {
    if (options.required) {
      throw new PreconditionRequiredError(
        'If-Match header is required: send the ETag of the record the change is based on (e.g. If-Match: "3"; GET the mesh to read it)',
      );
    }
    return undefined;
  }
  const match = /^\s*"([0-9]+)"\s*$/.exec(header);
  if (!match) {
    throw new InputError(`If-Match: expected one strong ETag such as "3", as served in the ETag header; got ${header}`);
  }
  return Number(match[1]);
}
