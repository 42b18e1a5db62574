import type { MeshDetail, MeshGateway } from '@meshfleet/plugin-mesh-common';

/** The entry of the clusters whose Istio network is not set. */
export const NO_NETWORK = '(no network)';

/** A cluster of a network, as the Networks card names it. */
export interface NetworkCluster {
  name: string;
  controlPlane: boolean;
}

/** An east-west gateway of a network: the way in for traffic from the mesh's other networks. */
export interface NetworkGateway {
  cluster: string;
  /** `namespace/name` of the gateway's Deployment. */
  gateway: string;
  /** Ready replicas over desired, e.g. `1/2`. */
  ready: string;
  /** The load balancer's addresses; empty until the Service has one. */
  addresses: string[];
}

/** One Istio network of a mesh with its clusters and east-west gateways. */
export interface MeshNetwork {
  /** The network's name, or {@link NO_NETWORK}. */
  network: string;
  clusters: NetworkCluster[];
  eastWestGateways: NetworkGateway[];
  /** Why workloads on other networks cannot reach this one; absent when nothing is wrong. */
  problem?: string;
}

/** What {@link meshNetworks} reads of a mesh. */
export type MeshNetworksInput = Pick<MeshDetail, 'controlPlaneCluster' | 'clusters' | 'gateways'>;

const UNREACHABLE_HERE = 'workloads on other networks cannot reach services here';

/** Clusters without a network do not count: Istio treats them as on every network. */
function spansNetworks(networks: string[]): boolean {
  return networks.filter(n => n !== NO_NETWORK).length > 1;
}

function byName(a: string, b: string): number {
  return a.localeCompare(b);
}

/** Control plane's network first, then by name; clusters without a network last. */
function networkOrder(controlPlaneNetwork: string | undefined) {
  const rank = (network: string) => {
    if (network === controlPlaneNetwork) return 0;
    return network === NO_NETWORK ? 2 : 1;
  };
  return (a: string, b: string) => rank(a) - rank(b) || byName(a, b);
}

function toNetworkGateway(gateway: MeshGateway): NetworkGateway {
  return {
    cluster: gateway.cluster,
    gateway: `${gateway.namespace}/${gateway.name}`,
    ready: `${gateway.readyReplicas}/${gateway.replicas}`,
    addresses: [...gateway.addresses],
  };
}

/**
 * Why a network of a multi-network mesh cannot be reached from the others, if
 * it cannot. Istio sends cross-network traffic to the destination network's
 * east-west gateway, at its load-balancer address; a gateway without an
 * address or without a ready pod is no way in.
 */
function gatewayProblem(network: string, gateways: MeshGateway[]): string | undefined {
  if (network === NO_NETWORK) {
    // Istio treats an endpoint or proxy without a network as on every network.
    return 'no network set while the mesh has several: Istio assumes pods here and on every network reach each other directly, without east-west gateways';
  }
  const addressed = gateways.filter(g => g.addresses.length > 0);
  if (addressed.length === 0) {
    return `no east-west gateway with an address: ${UNREACHABLE_HERE}`;
  }
  if (!addressed.some(g => g.readyReplicas > 0)) {
    return `no east-west gateway with an address is ready: ${UNREACHABLE_HERE}`;
  }
  return undefined;
}

/**
 * The Istio networks of a mesh: one entry per network (the control plane's
 * first, then by name, {@link NO_NETWORK} last) with its clusters (control
 * plane first) and east-west gateways, and a problem when the mesh spans
 * several networks and this one has no usable east-west gateway.
 *
 * A gateway belongs to the network of the cluster it runs in: the model does
 * not carry the `topology.istio.io/network` label of its Service, and Istio's
 * `gateway` chart sets it to the cluster's network.
 */
export function meshNetworks(mesh: MeshNetworksInput): MeshNetwork[] {
  const networkOfCluster = new Map(mesh.clusters.map(c => [c.cluster, c.network || NO_NETWORK]));
  const isControlPlane = (cluster: string, role: string) =>
    role === 'control-plane' || cluster === mesh.controlPlaneCluster;
  const names = [...new Set(networkOfCluster.values())].sort(
    networkOrder(networkOfCluster.get(mesh.controlPlaneCluster)),
  );
  const multiNetwork = spansNetworks(names);
  const eastWest = (mesh.gateways ?? [])
    .filter(g => g.kind === 'east-west')
    .sort((a, b) => byName(a.cluster, b.cluster) || byName(a.namespace, b.namespace) || byName(a.name, b.name));

  return names.map(network => {
    const clusters = mesh.clusters
      .filter(c => networkOfCluster.get(c.cluster) === network)
      .map(c => ({ name: c.cluster, controlPlane: isControlPlane(c.cluster, c.role) }))
      .sort((a, b) => Number(b.controlPlane) - Number(a.controlPlane) || byName(a.name, b.name));
    // A gateway in a cluster the mesh does not list has no network here and is left out.
    const gateways = eastWest.filter(g => networkOfCluster.get(g.cluster) === network);
    const problem = multiNetwork ? gatewayProblem(network, gateways) : undefined;
    return {
      network,
      clusters,
      eastWestGateways: gateways.map(toNetworkGateway),
      ...(problem ? { problem } : {}),
    };
  });
}

/** Whether Istio needs east-west gateways between the networks: more than one network is named. */
export function isMultiNetwork(networks: MeshNetwork[]): boolean {
  return spansNetworks(networks.map(n => n.network));
}
