import { DEFAULT_NAMESPACE, stringifyEntityRef } from '@backstage/catalog-model';
import { createHash } from 'node:crypto';

/** Every Meshfleet entity lives in the default namespace; names carry the source instead. */
export const ENTITY_NAMESPACE = DEFAULT_NAMESPACE;

const MAX_NAME_LENGTH = 63;
const HASH_LENGTH = 8;

/**
 * Turns any string into a valid catalog entity name (`[a-z0-9]` at both ends,
 * `[-_.a-z0-9]` between, at most 63 characters).
 *
 * Lower-casing is not counted as a change because the catalog compares names
 * case-insensitively anyway. Any other change (characters replaced, trimmed or
 * truncated) appends a short hash of the raw string, so that two raw strings
 * that normalise alike (`a/b` and `a:b`) still get different names.
 */
export function toEntityName(raw: string): string {
  const lower = raw.toLowerCase();
  const cleaned = lower.replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  if (cleaned === lower && cleaned.length > 0 && cleaned.length <= MAX_NAME_LENGTH) {
    return cleaned;
  }
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, HASH_LENGTH);
  const head = cleaned
    .slice(0, MAX_NAME_LENGTH - HASH_LENGTH - 1)
    .replace(/[^a-z0-9]+$/, '');
  return head ? `${head}-${hash}` : hash;
}

/** What identifies a cluster across sources. */
export interface ClusterIdentity {
  /** Backstage cluster name. */
  name: string;
  /** `config`, `catalog` or a supplier's name. */
  source: string;
}

/**
 * Entity name of a cluster: `<source>-<name>`, because the same cluster name
 * can come from two sources (the Kubernetes plugin's config and a supplier).
 */
export function clusterEntityName(cluster: ClusterIdentity): string {
  return toEntityName(`${cluster.source}-${cluster.name}`);
}

/** Entity name of a mesh: its id, which is unique across Meshfleet. */
export function meshEntityName(meshId: string): string {
  return toEntityName(meshId);
}

/** Full entity ref of a Resource named `name` in {@link ENTITY_NAMESPACE}. */
export function resourceRef(name: string): string {
  return stringifyEntityRef({ kind: 'Resource', namespace: ENTITY_NAMESPACE, name });
}

/** Full entity ref of a mesh's Resource. */
export function meshEntityRef(meshId: string): string {
  return resourceRef(meshEntityName(meshId));
}
