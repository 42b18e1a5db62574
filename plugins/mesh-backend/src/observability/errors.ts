import { CustomErrorBase } from '@backstage/errors';

/** Why a metrics backend (Prometheus or Grafana) could not answer. */
export type UpstreamFailureReason =
  /** Connection refused, DNS failure, TLS failure: nothing answered. */
  | 'unreachable'
  /** No complete answer within the configured timeout. */
  | 'timeout'
  /** It answered with an HTTP error or an error document (bad query, overload, 401/403). */
  | 'error'
  /** It answered something that is not the expected JSON. */
  | 'bad-response'
  /** Nothing is configured for this mesh. */
  | 'not-configured';

/**
 * A metrics backend of a mesh did not answer usefully. The message names the
 * backend, the mesh and the reason, never a credential: URLs appear without
 * user info or query string, and authentication headers are never echoed.
 * Its name makes Backstage's error handler answer 503, so one failing panel of
 * a page does not break the others; `reason` tells the UI what to say.
 */
export class ObservabilityUnavailableError extends CustomErrorBase {
  // Backstage's error handler maps this name to 503 Service Unavailable.
  name = 'ServiceUnavailableError' as const;
  readonly reason: UpstreamFailureReason;
  readonly backend: 'prometheus' | 'grafana';

  constructor(backend: 'prometheus' | 'grafana', reason: UpstreamFailureReason, message: string) {
    super(message);
    this.backend = backend;
    this.reason = reason;
  }
}

/** A URL as it may appear in a message: scheme, host and path only. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/$/, '')}`;
  } catch {
    return '<invalid URL>';
  }
}
