import { Entity, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * What changed between the entities last applied and the entities now wanted.
 */
export interface EntityDelta {
  /** New entities and entities whose content changed. */
  added: Entity[];
  /** Refs of entities no longer wanted. */
  removed: string[];
}

/** The entities keyed by their full ref, as the provider remembers them. */
export function byRef(entities: Entity[]): Map<string, Entity> {
  return new Map(entities.map(e => [stringifyEntityRef(e), e]));
}

/**
 * Compares the current set with the wanted one. Pure; an unchanged entity is
 * not re-added, so a delta with nothing in it means nothing to do.
 *
 * `alsoPresent` are refs that may exist without being in `current` (applied
 * but not yet visible there): they are removed when no longer wanted, and
 * never count as present for additions.
 */
export function computeDelta(
  current: ReadonlyMap<string, Entity>,
  next: Entity[],
  alsoPresent: Iterable<string> = [],
): EntityDelta {
  const wanted = byRef(next);
  const added = [...wanted.entries()]
    .filter(([ref, entity]) => {
      const before = current.get(ref);
      return !before || canonical(before) !== canonical(entity);
    })
    .map(([, entity]) => entity);
  const present = new Set([...current.keys(), ...alsoPresent]);
  const removed = [...present].filter(ref => !wanted.has(ref));
  return { added, removed };
}

/** JSON with keys sorted, so that key order does not count as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
