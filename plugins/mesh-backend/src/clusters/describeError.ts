/** Patterns that look like credentials, removed from error text just in case. */
const SECRET_PATTERNS: RegExp[] = [
  /Bearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, // JWTs
  /-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g,
];

/** Removes what looks like a credential (bearer tokens, JWTs, PEM blocks) from text. */
export function redactCredentials(text: string): string {
  return SECRET_PATTERNS.reduce((t, p) => t.replace(p, '<redacted>'), text);
}

/** The Kubernetes Status message in an API error body, if any. */
function statusMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    try {
      return statusMessage(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : undefined;
}

/**
 * A short, credential-free description of an error from a Kubernetes call:
 * HTTP status and the API server's message, or the network error code.
 * client-node's own messages include response headers and bodies, so they are
 * not passed through as they are.
 */
export function describeError(error: unknown): string {
  const e = error as {
    code?: unknown;
    statusCode?: unknown;
    body?: unknown;
    message?: unknown;
    cause?: { code?: unknown; message?: unknown };
  };
  const httpCode = typeof e?.code === 'number' ? e.code : e?.statusCode;
  if (typeof httpCode === 'number') {
    const message = statusMessage(e.body);
    return redactCredentials(`HTTP ${httpCode}${message ? `: ${message}` : ''}`);
  }
  const networkCode = typeof e?.code === 'string' ? e.code : e?.cause?.code;
  const message =
    typeof e?.message === 'string' ? e.message.split('\n')[0] : String(error);
  return redactCredentials(
    typeof networkCode === 'string' && !message.includes(networkCode)
      ? `${networkCode}: ${message}`
      : message,
  );
}
