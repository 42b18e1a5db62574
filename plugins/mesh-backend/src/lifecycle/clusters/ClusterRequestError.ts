import { describeError, redactCredentials } from '../../clusters/describeError';

/** The HTTP status of a client-node error, if it has one. */
export function httpStatusOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; statusCode?: unknown } | undefined;
  if (typeof e?.code === 'number') return e.code;
  return typeof e?.statusCode === 'number' ? e.statusCode : undefined;
}

/** One cause of a refusal, from the API server's Status (`details.causes`). */
export interface RefusalCause {
  /** The field path the API server names, e.g. `spec.http[0].timeout`. */
  field?: string;
  message?: string;
}

/** The causes in a Kubernetes Status error body, if any. */
function causesOf(error: unknown): RefusalCause[] {
  let body = (error as { body?: unknown } | undefined)?.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return [];
    }
  }
  const causes = (body as { details?: { causes?: unknown } } | undefined)?.details?.causes;
  if (!Array.isArray(causes)) return [];
  return causes.map(c => ({
    ...(typeof c?.field === 'string' ? { field: c.field } : {}),
    ...(typeof c?.message === 'string' ? { message: redactCredentials(c.message) } : {}),
  }));
}

/**
 * A failed call to a cluster's API server. The message names the cluster, the
 * verb and the object, with the API server's own message (credential-free:
 * client-node's messages, which carry request headers, are not passed on).
 */
export class ClusterRequestError extends Error {
  /** The HTTP status the API server answered with; undefined for network errors and timeouts. */
  readonly status?: number;
  /** The API server's (or a webhook's) own message, without the cluster, verb and object. */
  readonly reason: string;
  /** The fields the API server named as the causes of a refusal (its Status' `details.causes`). */
  readonly causes: RefusalCause[];

  constructor(
    readonly cluster: string,
    verb: string,
    object: string,
    cause: unknown,
  ) {
    const reason = describeError(cause);
    super(`${cluster}: ${verb} ${object}: ${reason}`);
    this.name = 'ClusterRequestError';
    this.reason = reason;
    this.status = httpStatusOf(cause);
    this.causes = causesOf(cause);
  }
}
