import type { V1Pod } from '@kubernetes/client-node';
import type { ClusterClient } from '../clusters/ClusterClient';

/*
 * How a member cluster's API server reaches a hosted mesh's istiod on the
 * local fleet. Meshfleet exposes a hosted mesh's istiod through a
 * LoadBalancer Service unless the mesh is created with a
 * controlPlaneAddress; the fleet gives LoadBalancer Services no address yet,
 * so fleet tests create the mesh with an address: the IP of a pod in a
 * member whose connections the fleet's kubelet stand-in forwards to istiod's
 * process (as the fleet's demo does). Only that member's pods can then be
 * injected; other members join, are verified and removed the same way.
 */

const ROUTE_POD = 'istiod-route';
/** The kubelet stand-in forwards the pod's ports to these host addresses. */
const FORWARD_ANNOTATION = 'fleet.meshfleet.io/forward';

function routePod(namespace: string, forward: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: ROUTE_POD, namespace, annotations: { [FORWARD_ANNOTATION]: forward } },
    spec: { containers: [{ name: 'route', image: 'registry.k8s.io/pause:3.10' }] },
  };
}

/** Creates the route pod in `namespace` of the member and returns its IP: the mesh's controlPlaneAddress. */
export async function routePodAddress(member: ClusterClient, namespace: string): Promise<string> {
  await member.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  // Nothing listens on port 1: the pod gets its IP now, and is pointed at istiod once istiod runs.
  await member.apply(routePod(namespace, '15012=127.0.0.1:1,15017=127.0.0.1:1'));
  for (let i = 0; i < 120; i++) {
    const pod = await member.get<V1Pod>({ apiVersion: 'v1', kind: 'Pod', namespace, name: ROUTE_POD });
    if (pod?.status?.podIP) return pod.status.podIP;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`the route pod in ${member.cluster} got no IP`);
}

/** Points the route pod at the control plane's istiod process (pod IP 10.a.b.c runs on 127.a.b.c). */
export async function routeToIstiod(controlPlane: ClusterClient, member: ClusterClient, namespace: string): Promise<void> {
  const pods = await controlPlane.list<V1Pod>('v1', 'Pod', { namespace: 'istio-system', labelSelector: 'app=istiod' });
  const ip = pods.find(p => p.status?.podIP && !p.metadata?.deletionTimestamp)?.status?.podIP;
  if (!ip) throw new Error(`no running istiod pod in ${controlPlane.cluster} to route to`);
  const loopback = `127.${ip.split('.').slice(1).join('.')}`;
  await member.apply(routePod(namespace, `15012=${loopback}:15012,15017=${loopback}:15017`));
}

/** Removes the route pod's namespace. */
export async function removeRoute(member: ClusterClient, namespace: string): Promise<void> {
  await member.delete({ apiVersion: 'v1', kind: 'Namespace', name: namespace });
}
