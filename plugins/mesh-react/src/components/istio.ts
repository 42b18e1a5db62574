/**
 * Istio version and revisions in one short text, e.g. `1.28.0 (revisions 1-28-0, canary)`.
 *
 * @public
 */
export function formatIstioVersion(istioVersion: string | undefined, revisions: string[]): string {
  const version = istioVersion ?? 'version unknown';
  if (revisions.length === 0) {
    return `${version} (no istiod found)`;
  }
  const label = revisions.length === 1 ? 'revision' : 'revisions';
  return `${version} (${label} ${revisions.join(', ')})`;
}
