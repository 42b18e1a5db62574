/*
 * What istiod knows about the mesh's networks, from its debug endpoints on
 * the monitoring port: `/debug/networkz` (the network gateways it found:
 * network, cluster, address, port) and `/debug/endpointShardz` (every
 * service's endpoints per cluster, each with its network). Together they
 * say how istiod sends a proxy to another network's endpoint: through that
 * network's gateway, in place of the pod IP.
 */

/** The path of the network gateways, as the pod proxy takes it. */
export const NETWORKZ_PATH = 'debug/networkz';

/** The path of the endpoint shards, as the pod proxy takes it. */
export const ENDPOINT_SHARDZ_PATH = 'debug/endpointShardz';

/** A network gateway istiod found. */
export interface NetworkGateway {
  network: string;
  cluster: string;
  address: string;
  port: number;
}

/** Reads `/debug/networkz` (Go field names: Network, Cluster, Addr, Port). */
export function networkGateways(networkz: unknown): NetworkGateway[] {
  // istiod answers nothing at all (not a list) when it has no network manager yet.
  if (networkz === undefined || networkz === null || networkz === '') return [];
  if (!Array.isArray(networkz)) throw new Error('istiod /debug/networkz did not answer with a list of gateways');
  return networkz.map(entry => {
    const g = entry as { Network?: string; Cluster?: string; Addr?: string; Port?: number };
    return { network: g.Network ?? '', cluster: g.Cluster ?? '', address: g.Addr ?? '', port: g.Port ?? 0 };
  });
}

/** How many endpoints istiod holds for a cluster, by the network they are on. */
export function endpointNetworksOf(endpointShardz: unknown, cluster: string): Map<string, number> {
  if (typeof endpointShardz !== 'object' || endpointShardz === null) {
    throw new Error('istiod /debug/endpointShardz did not answer with an object');
  }
  const counts = new Map<string, number>();
  for (const byNamespace of Object.values(endpointShardz as Record<string, Record<string, unknown>>)) {
    for (const shards of Object.values(byNamespace ?? {})) {
      const byShard = (shards as { Shards?: Record<string, Array<{ Network?: string }> | null> })?.Shards ?? {};
      // Shard keys are `<provider>/<cluster>`, e.g. `Kubernetes/east`.
      for (const [key, endpoints] of Object.entries(byShard)) {
        if (key.slice(key.indexOf('/') + 1) !== cluster) continue;
        for (const endpoint of endpoints ?? []) {
          const network = endpoint.Network ?? '';
          counts.set(network, (counts.get(network) ?? 0) + 1);
        }
      }
    }
  }
  return counts;
}

/** Why istiod does not list a network's gateway at the address, or undefined when it does. */
export function gatewayProblem(gateways: NetworkGateway[], network: string, address: string): string | undefined {
  if (gateways.some(g => g.network === network && g.address === address)) return undefined;
  const seen = gateways.map(g => `${g.network} at ${g.address}`).join(', ') || 'none';
  return `/debug/networkz lists no gateway of network ${network} at ${address} (it lists: ${seen})`;
}

/**
 * Why istiod does not route to a member's network through its east-west
 * gateway yet, or undefined when it does: it knows the gateway at the
 * expected address, and holds the member's endpoints on the member's network.
 */
export function crossNetworkProblem(
  gateways: NetworkGateway[],
  endpointNetworks: Map<string, number>,
  member: { cluster: string; network: string; gatewayAddress: string },
): string | undefined {
  const gateway = gatewayProblem(gateways, member.network, member.gatewayAddress);
  if (gateway) return gateway;
  const onNetwork = endpointNetworks.get(member.network) ?? 0;
  if (onNetwork === 0) {
    const other = [...endpointNetworks.entries()].map(([n, c]) => `${c} on '${n}'`).join(', ') || 'none';
    return `/debug/endpointShardz holds no endpoint of ${member.cluster} on network ${member.network} (it holds: ${other})`;
  }
  return undefined;
}
