import { KubeConfig } from '@kubernetes/client-node';
import type { FleetCluster, FleetEnv } from '@meshfleet/fleet';
import type { Server } from 'node:http';
import request from 'supertest';
import { ClusterClient, KubernetesClusterClient } from '../../lifecycle/clusters/ClusterClient';

/*
 * What the policies' fleet tests share: the fleet's demo mesh (istiod in
 * mesh-cp, east and west as remotes) as the backend's clusters, admin
 * clients to set up and check state, and a service for policies to refer to.
 */

/** The demo mesh's clusters. */
export const DEMO_CLUSTERS = ['mesh-cp', 'east', 'west'];

/** An admin client of a fleet cluster, for a test's own setup and checks. */
export function fleetClientOf(cluster: FleetCluster): ClusterClient {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(cluster.adminKubeconfig);
  return new KubernetesClusterClient(cluster.name, kubeConfig);
}

/** Admin clients of the demo's clusters, by name. */
export function demoClusterClients(env: FleetEnv): Record<string, ClusterClient> {
  return Object.fromEntries(env.clusters.filter(c => DEMO_CLUSTERS.includes(c.name)).map(c => [c.name, fleetClientOf(c)]));
}

/** The Kubernetes plugin's configuration of the demo's clusters (the backend reads them as Meshfleet does). */
export function demoKubernetesConfig(env: FleetEnv) {
  return {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: env.clusters
          .filter(c => DEMO_CLUSTERS.includes(c.name))
          .map(c => ({ name: c.name, url: c.url, authProvider: 'serviceAccount', serviceAccountToken: c.serviceAccountToken, caData: c.caData })),
      },
    ],
  };
}

/** Until discovery, which reads the clusters after start, knows the demo mesh (a minute at most). */
export async function waitForDemoMesh(server: Server, authorization: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await request(server).get('/api/mesh/meshes/demo').set('Authorization', authorization)).status !== 200) {
    if (Date.now() > deadline) throw new Error('the demo mesh was not discovered within a minute');
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/** Deletes a namespace and waits until it is gone (two minutes at most). */
export async function removeNamespace(client: ClusterClient, name: string): Promise<void> {
  await client.delete({ apiVersion: 'v1', kind: 'Namespace', name });
  const deadline = Date.now() + 120_000;
  while (await client.get({ apiVersion: 'v1', kind: 'Namespace', name })) {
    if (Date.now() > deadline) throw new Error(`namespace ${name} in ${client.cluster} was not deleted within 2 minutes`);
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/** The reviews Service and a pod of each version in a namespace (objects only: no workload runs for them). */
export function reviewsService(namespace: string) {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'reviews', namespace },
      spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080, targetPort: 9080 }] },
    },
    ...['v1', 'v2'].map(version => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `reviews-${version}`, namespace, labels: { app: 'reviews', version } },
      spec: { containers: [{ name: 'reviews', image: `example/reviews:${version}` }] },
    })),
  ];
}
