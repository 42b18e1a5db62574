import { Entity } from '@backstage/catalog-model';
import { ClusterView, KUBERNETES_CLUSTER_ANNOTATIONS } from '@meshfleet/plugin-mesh-common';

function normalizeUrl(url: string): string {
  return url.trim().replace(/\/+$/, '').toLocaleLowerCase('en-US');
}

/**
 * The cluster Meshfleet reads that a catalog cluster entity stands for: the one
 * with the entity's `kubernetes.io/api-server` URL, else the one named like the entity.
 */
export function matchCluster(entity: Entity, clusters: ClusterView[]): ClusterView | undefined {
  const apiServer = entity.metadata.annotations?.[KUBERNETES_CLUSTER_ANNOTATIONS.apiServer];
  if (apiServer) {
    const byUrl = clusters.find(c => normalizeUrl(c.url) === normalizeUrl(apiServer));
    if (byUrl) {
      return byUrl;
    }
  }
  return clusters.find(c => c.name === entity.metadata.name);
}
