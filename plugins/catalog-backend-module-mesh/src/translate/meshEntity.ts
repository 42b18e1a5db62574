import { Entity } from '@backstage/catalog-model';
import { MESH_ANNOTATIONS, MESH_ENTITY_TYPE, MeshView } from '@meshfleet/plugin-mesh-common';
import { optional } from './clusterEntity';
import { managedByAnnotations } from './managedBy';
import { ENTITY_NAMESPACE, meshEntityName } from './names';
import { TranslateOptions } from './types';

/**
 * One mesh as a `Resource` of type `service-mesh` that depends on the
 * Resources of its clusters, control plane first.
 *
 * `dependsOn` is the relation the catalog model offers between two Resources;
 * it shows in the catalog graph and in the standard "depends on" cards, and the
 * catalog adds the inverse `dependencyOf` on each cluster. Which cluster is the
 * control plane is in the `control-plane-cluster` annotation.
 *
 * @param clusterRefs - entity refs of the mesh's clusters that are in the
 *   catalog, in the order to emit them (control plane first)
 */
export function meshEntity(mesh: MeshView, clusterRefs: string[], options: TranslateOptions): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: meshEntityName(mesh.id),
      namespace: ENTITY_NAMESPACE,
      title: mesh.title || mesh.id,
      description: describe(mesh),
      annotations: {
        ...managedByAnnotations(options.location),
        [MESH_ANNOTATIONS.meshId]: mesh.id,
        [MESH_ANNOTATIONS.meshType]: mesh.type,
        ...optional(MESH_ANNOTATIONS.revisions, mesh.revisions.join(',')),
        ...optional(MESH_ANNOTATIONS.istioVersion, mesh.istioVersion),
        ...optional(MESH_ANNOTATIONS.trustDomain, mesh.trustDomain),
        [MESH_ANNOTATIONS.controlPlaneCluster]: mesh.controlPlaneCluster,
      },
    },
    spec: {
      type: MESH_ENTITY_TYPE,
      // A managed mesh's owner is recorded with it (and decides who may change it);
      // a discovered mesh has none, so it gets the configured default.
      owner: mesh.owner ?? options.owner,
      ...(clusterRefs.length ? { dependsOn: clusterRefs } : {}),
    },
  };
}

function describe(mesh: MeshView): string {
  const members = mesh.clusters.filter(c => c.role === 'remote').length;
  const how = mesh.managed ? 'managed by Meshfleet' : 'discovered by Meshfleet';
  return `Istio ${mesh.type} mesh, ${how}: control plane on ${mesh.controlPlaneCluster}, ${members} member cluster(s)`;
}

/**
 * The mesh's cluster names, control plane first, then members in name order,
 * each once (a dedicated mesh lists its one cluster in both roles).
 */
export function meshClusterNames(mesh: MeshView): string[] {
  const members = mesh.clusters
    .map(c => c.cluster)
    .filter(name => name !== mesh.controlPlaneCluster)
    .sort();
  return [mesh.controlPlaneCluster, ...new Set(members)];
}
