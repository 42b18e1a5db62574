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

  constructor(
    readonly cluster: string,
    verb: string,
    object: string,
    cause: unknown,
  ) {
    super(`${cluster}: ${verb} ${object}: ${describeError(cause)}`);
    this.name = 'ClusterRequestError';
    this.status = httpStatusOf(cause);
  }
}
