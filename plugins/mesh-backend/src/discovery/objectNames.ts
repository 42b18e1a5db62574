/** Minimal metadata shape shared by every Kubernetes object. */
interface NamedObject {
  metadata?: { name?: string; namespace?: string };
}

/**
 * Names an object the way warnings show it: `Kind namespace/name`, or
 * `Kind name` when cluster-scoped.
 */
export function describeObject(kind: string, object: NamedObject): string {
  const name = object.metadata?.name ?? '<unnamed>';
  const namespace = object.metadata?.namespace;
  return namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
}

/** Labels of an object, never undefined. */
export function labelsOf(object: {
  metadata?: { labels?: Record<string, string> };
}): Record<string, string> {
  return object.metadata?.labels ?? {};
}

/** Stable order for lists in the model, so golden files and diffs stay quiet. */
export function byNamespaceAndName(
  a: { namespace: string; name: string },
  b: { namespace: string; name: string },
): number {
  return a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

/** At most a few names, then how many more: warnings stay short at hundreds of clusters. */
export function someNames(names: string[], shown = 3): string {
  const listed = names.slice(0, shown).join(', ');
  return names.length > shown
    ? `${listed} and ${names.length - shown} more`
    : listed;
}
