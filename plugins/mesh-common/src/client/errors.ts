import { ConsumedResponse, ErrorResponseBody, ForwardedError, ResponseError } from '@backstage/errors';
import type { MeshWriteConflictResponse } from '../api';
import type { MeshPolicyMessage, MeshPolicyValidationErrorResponse } from '../policies';
import type { MeshRecord } from '../types';

/**
 * A write the mesh backend refused with 409: the id or a cluster is taken (the
 * message names which), or `If-Match` named an older version of the mesh, in
 * which case {@link MeshConflictError.current} is the record as it is now, to
 * merge the change into and retry with its `version`.
 *
 * It has the fields of `@backstage/errors`' `ResponseError` (whose constructor
 * is private, so it cannot be extended), so code that shows a `ResponseError`
 * shows this one too.
 *
 * @public
 */
export class MeshConflictError extends Error {
  readonly name = 'MeshConflictError';
  readonly statusCode = 409;
  readonly statusText: string;
  /** The response, its body already read into {@link MeshConflictError.body}. */
  readonly response: ConsumedResponse;
  /** The backend's error body. */
  readonly body: ErrorResponseBody;
  /** The backend's error (e.g. `ConflictError`), deserialized. */
  readonly cause: Error;
  /** The mesh's record now, when the conflict is a stale `If-Match`. */
  readonly current?: MeshRecord;

  constructor(error: ResponseError) {
    super(error.message);
    this.statusText = error.statusText;
    this.response = error.response;
    this.body = error.body;
    this.cause = error.cause;
    this.current = (error.body as Partial<MeshWriteConflictResponse>).current;
  }
}

/**
 * A policy write (or validation request) the mesh backend refused with 400
 * because validation found errors: {@link MeshPolicyValidationError.messages}
 * names each finding (object, field path, what to do), for a form or editor to
 * point at. Nothing was applied.
 *
 * It has the fields of `@backstage/errors`' `ResponseError`, as
 * {@link MeshConflictError} has.
 *
 * @public
 */
export class MeshPolicyValidationError extends Error {
  readonly name = 'MeshPolicyValidationError';
  readonly statusCode = 400;
  readonly statusText: string;
  /** The response, its body already read into {@link MeshPolicyValidationError.body}. */
  readonly response: ConsumedResponse;
  /** The backend's error body. */
  readonly body: ErrorResponseBody;
  /** The backend's error (`InputError`), deserialized. */
  readonly cause: Error;
  /** Every finding; errors are why the write was refused. */
  readonly messages: MeshPolicyMessage[];

  constructor(error: ResponseError, messages: MeshPolicyMessage[]) {
    super(error.message);
    this.statusText = error.statusText;
    this.response = error.response;
    this.body = error.body;
    this.cause = error.cause;
    this.messages = messages;
  }
}

/** The findings of a 400 from policy validation, when the body has them. */
function validationMessagesOf(error: ResponseError): MeshPolicyMessage[] | undefined {
  const messages = (error.body as Partial<MeshPolicyValidationErrorResponse>)?.messages;
  return Array.isArray(messages) ? messages : undefined;
}

/**
 * The error for a response that is not ok. `ResponseError` keeps the backend's
 * message only in `cause`; it goes into the message too, so every place that
 * shows `error.message` explains it (`Request failed with 404 Not Found: No mesh
 * with id 'x'`).
 */
export async function errorFromResponse(response: Response): Promise<ResponseError | MeshConflictError | MeshPolicyValidationError> {
  const error = await ResponseError.fromResponse(response);
  if (error.cause?.message) {
    error.message = `${error.message}: ${error.cause.message}`;
  }
  if (response.status === 409) {
    return new MeshConflictError(error);
  }
  const messages = response.status === 400 ? validationMessagesOf(error) : undefined;
  return messages ? new MeshPolicyValidationError(error, messages) : error;
}

/**
 * The error for a request that got no response, naming the request and the
 * reason (Node's fetch hides the socket error, e.g. `ECONNREFUSED`, in
 * `cause`). Aborts stay as they are, so callers can tell them apart.
 */
export function errorFromTransport(request: Request, error: unknown): Error {
  const failure = error as Error & { cause?: { code?: string; message?: string } };
  if (failure?.name === 'AbortError') {
    return failure;
  }
  const reason = failure?.cause?.code ?? failure?.cause?.message;
  return new ForwardedError(`${request.method} ${request.url} failed${reason ? ` (${reason})` : ''}`, error);
}
