/*
 * Redaction of everything an operation writes where people read it (its log,
 * a step's detail, a failure message, outputs). Patterns catch what a
 * Kubernetes or Helm error can echo: PEM blocks (keys, certificates),
 * `Authorization` values, `token:`/`password:`-style fields (kubeconfig
 * `client-key-data`, `token`, Secret data keys such as `ca-key.pem`), JWTs
 * (service account tokens) and long base64 blobs. Values a step registers at
 * run time are replaced wherever they appear, also base64-encoded.
 */

export const REDACTED = '[redacted]';

/** A registered secret shorter than this is ignored: it would redact ordinary words. */
export const MIN_SECRET_LENGTH = 8;

/** Base64 runs at least this long are taken for encoded data (keys, kubeconfigs, certificates). */
const LONG_BASE64 = 200;

const PATTERNS: Array<[RegExp, string | ((...groups: string[]) => string)]> = [
  // A PEM block, also one cut off before its END line.
  [/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(?:-----END \1-----|$)/g, (_m, label) => `[redacted ${label.toLowerCase()}]`],
  // A JSON Web Token (service account tokens, OIDC tokens).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Authorization header values.
  [/\b(Bearer|Basic)(\s+)[^\s"',;]+/gi, (_m, scheme, space) => `${scheme}${space}${REDACTED}`],
  // key: value, key=value, "key": "value" for keys that hold credentials (not a value redacted above).
  [
    /((?:^|[^A-Za-z0-9])["']?(?:[A-Za-z0-9]+[-_])*(?:token|password|passwd|secret|client-key-data|client-key|private-key|privatekey|api-key|apikey|ca-key\.pem|tls\.key|key\.pem)["']?\s*[:=]\s*["']?)(?!\[redacted)([^\s"',}]+)/gi,
    (_m, key) => `${key}${REDACTED}`,
  ],
  // Long base64 (or base64url) runs: encoded keys, certificates, kubeconfigs.
  [new RegExp(`[A-Za-z0-9+/_-]{${LONG_BASE64},}={0,2}`, 'g'), REDACTED],
];

/**
 * Replaces secrets in `text`: the values in `secrets` (and their base64
 * forms), then the patterns above. Pure.
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) {
      result = result.split(secret).join(REDACTED);
    }
  }
  for (const [pattern, replacement] of PATTERNS) {
    result = result.replace(pattern, replacement as (...groups: string[]) => string);
  }
  return result;
}

/**
 * The forms in which a registered secret may show up: itself, and its
 * base64 encoding (a Secret's `data`, a kubeconfig's `*-data` fields).
 */
export function secretForms(value: string): string[] {
  if (value.length < MIN_SECRET_LENGTH) {
    return [];
  }
  const encoded = Buffer.from(value, 'utf8').toString('base64');
  // The unpadded form, so a value embedded in longer base64 still matches at the start.
  return [value, encoded, encoded.replace(/=+$/, '')];
}

/** A set of registered secrets and the redaction with them. */
export class SecretRegistry {
  private readonly values = new Set<string>();

  register(value: string): void {
    for (const form of secretForms(value)) {
      this.values.add(form);
    }
  }

  redact(text: string): string {
    // Longest first, so a value that contains another is replaced whole.
    return redact(text, [...this.values].sort((a, b) => b.length - a.length));
  }
}
