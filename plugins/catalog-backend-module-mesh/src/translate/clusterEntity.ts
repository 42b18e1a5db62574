import { Entity } from '@backstage/catalog-model';
import { CLUSTER_ENTITY_TYPE, ClusterView, KUBERNETES_CLUSTER_ANNOTATIONS, MESH_ANNOTATIONS } from '@meshfleet/plugin-mesh-common';
import { CLUSTER_ENTITY_ANNOTATIONS as A } from './annotations';
import { managedByAnnotations } from './managedBy';
import { clusterEntityName, ENTITY_NAMESPACE } from './names';
import { TranslateOptions } from './types';

/**
 * One cluster as a `Resource` of type `kubernetes-cluster`.
 *
 * Connection state goes into annotations, not `status`: annotations can be
 * filtered on through the catalog API (`metadata.annotations.meshfleet.io/reachability=unreachable`),
 * while `status` is an alpha field the catalog fills with processing errors.
 * `last-sync` is written only while the cluster is not reachable, so that a
 * healthy cluster's entity does not change (and get reprocessed) on every read.
 */
export function clusterEntity(cluster: ClusterView, options: TranslateOptions): Entity {
  if (!cluster.url) {
    throw new Error('the mesh backend gave no API server URL');
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: clusterEntityName(cluster),
      namespace: ENTITY_NAMESPACE,
      title: cluster.name,
      description: `Kubernetes cluster ${cluster.name} (from ${cluster.source})`,
      annotations: {
        ...managedByAnnotations(options.location),
        [KUBERNETES_CLUSTER_ANNOTATIONS.apiServer]: cluster.url,
        // The configured provider wins over the one the cluster is read with, so
        // the Kubernetes plugin can be given a provider that suits end users.
        ...optional(KUBERNETES_CLUSTER_ANNOTATIONS.authProvider, options.clusterAuthProvider ?? cluster.authProvider),
        ...optional(KUBERNETES_CLUSTER_ANNOTATIONS.apiServerCertificateAuthority, cluster.caData),
        // Without it the Kubernetes plugin asks a cluster without metrics-server for pod metrics and shows the 404 as an error.
        ...optional(KUBERNETES_CLUSTER_ANNOTATIONS.skipMetricsLookup, cluster.skipMetricsLookup ? 'true' : undefined),
        [A.clusterName]: cluster.name,
        [A.clusterSource]: cluster.source,
        [MESH_ANNOTATIONS.clusterRole]: cluster.istioRole,
        ...optional(MESH_ANNOTATIONS.network, cluster.network),
        ...optional(MESH_ANNOTATIONS.revisions, cluster.revisions.join(',')),
        ...optional(A.kubernetesVersion, cluster.kubernetesVersion),
        ...reachabilityAnnotations(cluster),
      },
    },
    spec: {
      type: CLUSTER_ENTITY_TYPE,
      owner: options.owner,
    },
  };
}

function reachabilityAnnotations(cluster: ClusterView): Record<string, string> {
  if (cluster.reachability === 'reachable') {
    return { [A.reachability]: 'reachable' };
  }
  return {
    [A.reachability]: cluster.reachability,
    ...optional(A.unreachableSince, cluster.unreachableSince),
    ...optional(A.lastSync, cluster.lastSyncAt),
    ...optional(A.lastError, cluster.error),
  };
}

/** `{ key: value }` when value is a non-empty string, else nothing. */
export function optional(key: string, value: string | undefined): Record<string, string> {
  return value ? { [key]: value } : {};
}
