import { describeError } from '../../clusters/describeError';

/** The HTTP status of a client-node error, if it has one. */
export function httpStatusOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; statusCode?: unknown } | undefined;
  if (typeof e?.code === 'number') return e.code;
  return typeof e?.statusCode === 'number' ? e.statusCode : undefined;
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
  }
}
