import { redactCredentials } from '../../clusters/describeError';

/** How many of stderr's last lines a failure message shows. */
const FAILURE_LINES = 8;

/** Longest line kept (Helm can print a whole manifest on one line). */
const MAX_LINE = 300;

/**
 * Replaces every known secret value (a kubeconfig's token, …) and anything
 * that looks like a credential (PEM blocks, bearer tokens, JWTs).
 */
export function redactText(text: string, secrets: readonly string[]): string {
  const known = secrets
    .filter(s => s.length >= 8)
    .reduce((t, s) => t.split(s).join('[redacted]'), text);
  return redactCredentials(known);
}

/**
 * The last lines of Helm's stderr, redacted, for a failure message. Helm's
 * stdout is never used in messages: it can echo values and manifests.
 */
export function stderrTail(stderr: string, secrets: readonly string[]): string {
  // Redact the whole text first: a PEM block spans lines.
  const lines = redactText(stderr, secrets)
    .split('\n')
    .map(line => line.trimEnd())
    .filter(line => line.length > 0);
  return lines
    .slice(-FAILURE_LINES)
    .map(line => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line))
    .join('\n');
}
