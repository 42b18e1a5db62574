/*
 * Label selectors as Kubernetes' labels.SelectorFromSet builds them: every
 * pair must match, an empty set matches everything, and the printed form is
 * the pairs sorted by key (`app=reviews,version=v1`), as istioctl prints them.
 */

/** Go's string order (bytes), as Kubernetes sorts selector keys. */
export function byteOrder(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Whether `labels` carry every pair of `selector`. */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector ?? {})) {
    if (labels[key] !== value) return false;
  }
  return true;
}

/** The selector as Kubernetes prints it. */
export function selectorString(selector: Record<string, string> | undefined): string {
  return Object.entries(selector ?? {})
    .sort(([a], [b]) => byteOrder(a, b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** A label map read from a field that may be anything. */
export function labelMap(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}
