import { Entity, EntityPolicies, FieldFormatEntityPolicy, SchemaValidEntityPolicy, stringifyEntityRef } from '@backstage/catalog-model';
import { ClusterView, MeshDetail } from '@meshfleet/plugin-mesh-common';
import { clusterEntity } from './clusterEntity';
import { isPastGracePeriod } from './grace';
import { meshClusterNames, meshEntity } from './meshEntity';
import { resourceRef } from './names';
import { MeshModel, TranslateOptions, TranslationIssue, TranslationResult } from './types';

// The checks the catalog itself runs on entities, so that a bad value is
// reported here with the cluster or mesh it came from, not later as a
// processing error on an entity nobody can trace back.
const policy = EntityPolicies.allOf([new SchemaValidEntityPolicy(), new FieldFormatEntityPolicy()]);

/**
 * Translates the mesh model into catalog entities: one Resource per cluster
 * (except clusters that are already catalog entities, and unreachable ones past
 * the grace period) and one per mesh. Pure: the same input gives the same
 * entities in the same order.
 *
 * A cluster or mesh that cannot be translated is left out and reported in
 * `issues`; the others are still emitted.
 *
 * @public
 */
export async function translateMeshModel(model: MeshModel, options: TranslateOptions): Promise<TranslationResult> {
  const issues: TranslationIssue[] = [];
  const emitted: Emitted[] = [];
  // Meshes name their clusters by Backstage cluster name only, so one name can
  // stand for clusters of several sources; such a reference is ambiguous.
  const clusterRefs = new Map<string, string[]>();
  const addRef = (name: string, ref: string) => clusterRefs.set(name, [...(clusterRefs.get(name) ?? []), ref]);

  for (const cluster of sortBy(model.clusters, c => `${c.source}/${c.name}`)) {
    const subject = `cluster ${cluster.source}/${cluster.name}`;
    if (cluster.source === 'catalog') {
      // The Kubernetes plugin found it as a catalog entity: emitting it again
      // would duplicate it. The catalog locator uses the entity name as the
      // cluster name; the namespace is not in the model, so `default` is assumed.
      addRef(cluster.name, resourceRef(cluster.name));
      continue;
    }
    if (isPastGracePeriod(cluster, options)) {
      issues.push({
        subject,
        message: `left out: unreachable since ${cluster.unreachableSince}, longer than the grace period (${cluster.error ?? 'no error given'})`,
      });
      continue;
    }
    const entity = await tryTranslate(subject, issues, () => clusterEntity(cluster, options));
    if (entity) {
      emitted.push({ subject, entity });
      addRef(cluster.name, resourceRef(entity.metadata.name));
    }
  }

  for (const mesh of sortBy(model.meshes, m => m.id)) {
    const subject = `mesh ${mesh.id}`;
    const refs = resolveClusterRefs(mesh, model.clusters, clusterRefs, subject, issues);
    const entity = await tryTranslate(subject, issues, () => meshEntity(mesh, refs, options));
    if (entity) {
      emitted.push({ subject, entity });
    }
  }

  return { entities: dropCollisions(emitted, issues), issues };
}

interface Emitted {
  subject: string;
  entity: Entity;
}

async function tryTranslate(
  subject: string,
  issues: TranslationIssue[],
  build: () => Entity,
): Promise<Entity | undefined> {
  try {
    const entity = build();
    await policy.enforce(entity);
    return entity;
  } catch (e) {
    issues.push({ subject, message: `left out: ${(e as Error).message}` });
    return undefined;
  }
}

function resolveClusterRefs(
  mesh: MeshDetail,
  clusters: ClusterView[],
  clusterRefs: Map<string, string[]>,
  subject: string,
  issues: TranslationIssue[],
): string[] {
  const refs: string[] = [];
  for (const name of meshClusterNames(mesh)) {
    const candidates = clusterRefs.get(name) ?? [];
    if (candidates.length === 1) {
      refs.push(candidates[0]);
    } else if (candidates.length > 1) {
      issues.push({ subject, message: `no dependsOn for cluster ${name}: the name is ambiguous (${candidates.join(', ')})` });
    } else if (!clusters.some(c => c.name === name)) {
      issues.push({ subject, message: `no dependsOn for cluster ${name}: the mesh backend does not list it under /clusters` });
    }
    // Otherwise the cluster was left out above, and that issue names it already.
  }
  return refs;
}

/**
 * Two entities with one ref would overwrite each other in the catalog; keep the
 * first and report the second, naming both.
 */
function dropCollisions(emitted: Emitted[], issues: TranslationIssue[]): Entity[] {
  const seen = new Map<string, string>();
  const kept: Entity[] = [];
  for (const { subject, entity } of emitted) {
    // Refs compare case-insensitively in the catalog.
    const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    const first = seen.get(ref);
    if (first) {
      issues.push({ subject, message: `left out: its entity ref ${ref} is already taken by ${first}` });
    } else {
      seen.set(ref, subject);
      kept.push(entity);
    }
  }
  return kept;
}

function sortBy<T>(items: T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => key(a).localeCompare(key(b)));
}
