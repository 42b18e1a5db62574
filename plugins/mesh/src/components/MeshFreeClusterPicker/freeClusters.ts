import { ClusterView } from '@meshfleet/plugin-mesh-common';

/*
 * Which clusters a new mesh or a join may take: reachable, in no mesh. Pure.
 */

/** The clusters that are reachable and in no mesh, by name. */
export function freeClusters(clusters: ClusterView[]): ClusterView[] {
  return clusters.filter(c => !c.meshId && c.reachability === 'reachable').sort((a, b) => a.name.localeCompare(b.name));
}

/** Why `name` cannot be picked, or undefined when it can. */
export function whyNotFree(name: string, clusters: ClusterView[]): string | undefined {
  const cluster = clusters.find(c => c.name === name);
  if (!cluster) {
    return `Meshfleet reads no cluster named '${name}'`;
  }
  if (cluster.meshId) {
    return `Cluster '${name}' is already in mesh '${cluster.meshId}'`;
  }
  if (cluster.reachability !== 'reachable') {
    return `Cluster '${name}' is ${cluster.reachability}${cluster.error ? `: ${cluster.error}` : ''}`;
  }
  return undefined;
}

/** How a cluster reads in the list: name, where it is configured, Kubernetes version. */
export function clusterLabel(cluster: ClusterView): string {
  const details = [cluster.source, cluster.kubernetesVersion].filter(Boolean).join(', ');
  return details ? `${cluster.name} (${details})` : cluster.name;
}
