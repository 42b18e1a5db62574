/**
 * Namespaces whose Services and injection labels are not mesh workloads:
 * Kubernetes' own, and Istio's control-plane namespace (istiod's Services there
 * are infrastructure, not services users route to).
 */
export const DEFAULT_EXCLUDED_NAMESPACES: readonly string[] = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'istio-system',
];

/**
 * Which namespaces discovery reports Services and injection for.
 */
export interface NamespaceSelection {
  /** Only these (default: all). */
  include?: string[];
  /** Never these (default: {@link DEFAULT_EXCLUDED_NAMESPACES}). */
  exclude?: string[];
}

/**
 * A predicate for a namespace selection. An explicit `include` wins over the
 * default exclusions, so `include: [istio-system]` shows istiod's Services.
 */
export function createNamespaceFilter(
  selection: NamespaceSelection = {},
): (namespace: string) => boolean {
  const include = selection.include ? new Set(selection.include) : undefined;
  const exclude = new Set(selection.exclude ?? DEFAULT_EXCLUDED_NAMESPACES);
  return namespace => {
    if (include) {
      return (
        include.has(namespace) && !(selection.exclude ?? []).includes(namespace)
      );
    }
    return !exclude.has(namespace);
  };
}
