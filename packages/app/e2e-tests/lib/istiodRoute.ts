import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/*
 * How a member cluster reaches a hosted mesh's istiod on the local fleet,
 * which gives LoadBalancer Services no address: a pod in the member whose
 * ports the fleet's kubelet stand-in forwards to istiod's process. Its IP is
 * what a user enters as the mesh's "istiod address for members" (as the
 * mesh backend's fleet tests and bench/onboard do). Clusters are reached with
 * kubectl and the fleet's admin kubeconfig: this is the test bed's plumbing,
 * not something Meshfleet does.
 */

const ROUTE_POD = 'istiod-route';
/** The kubelet stand-in forwards the pod's ports to these host addresses. */
const FORWARD_ANNOTATION = 'fleet.meshfleet.io/forward';

async function kubectl(kubeconfig: string, args: string[], input?: string): Promise<string> {
  const run = promisify(execFile)('kubectl', args, { env: { ...process.env, KUBECONFIG: kubeconfig }, maxBuffer: 16 << 20 });
  if (input !== undefined) {
    run.child.stdin!.end(input);
  }
  return (await run).stdout;
}

function routePod(namespace: string, forward: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: ROUTE_POD, namespace, annotations: { [FORWARD_ANNOTATION]: forward } },
    spec: { containers: [{ name: 'route', image: 'registry.k8s.io/pause:3.10' }] },
  });
}

/** Creates the route pod in `namespace` of the member (kubeconfig) and returns its IP. */
export async function createIstiodRoute(memberKubeconfig: string, namespace: string): Promise<string> {
  await kubectl(memberKubeconfig, ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }));
  // Nothing listens on port 1: the pod gets its IP now, and is pointed at istiod once istiod runs.
  await kubectl(memberKubeconfig, ['apply', '-f', '-'], routePod(namespace, '15012=127.0.0.1:1,15017=127.0.0.1:1'));
  for (let i = 0; i < 120; i++) {
    const ip = await kubectl(memberKubeconfig, ['get', 'pod', '-n', namespace, ROUTE_POD, '-o', 'jsonpath={.status.podIP}']);
    if (ip) return ip;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`the route pod in ${namespace} got no IP`);
}

/** Points the route pod at the control plane's istiod process (pod IP 10.a.b.c runs on 127.a.b.c). */
export async function routeToIstiod(controlPlaneKubeconfig: string, memberKubeconfig: string, namespace: string): Promise<void> {
  const ip = await kubectl(controlPlaneKubeconfig, ['get', 'pods', '-n', 'istio-system', '-l', 'app=istiod', '-o', 'jsonpath={.items[0].status.podIP}']);
  if (!ip) throw new Error('no running istiod pod in the control-plane cluster to route to');
  const loopback = `127.${ip.split('.').slice(1).join('.')}`;
  await kubectl(memberKubeconfig, ['apply', '-f', '-'], routePod(namespace, `15012=${loopback}:15012,15017=${loopback}:15017`));
}

/** Removes the route pod's namespace. */
export async function removeIstiodRoute(memberKubeconfig: string, namespace: string): Promise<void> {
  await kubectl(memberKubeconfig, ['delete', 'namespace', namespace, '--ignore-not-found', '--timeout=120s']);
}
