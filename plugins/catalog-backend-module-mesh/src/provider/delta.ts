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
 * Compares the last applied set with the wanted one. Pure; an unchanged entity
 * is not re-added, so a delta with nothing in it means nothing to do.
 */
export function computeDelta(previous: ReadonlyMap<string, Entity>, next: Entity[]): EntityDelta {
  const wanted = byRef(next);
  const added = [...wanted.entries()]
    .filter(([ref, entity]) => {
      const before = previous.get(ref);
      return !before || canonical(before) !== canonical(entity);
    })
    .map(([, entity]) => entity);
  const removed = [...previous.keys()].filter(ref => !wanted.has(ref));
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
