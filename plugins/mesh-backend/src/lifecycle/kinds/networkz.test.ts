import fs from 'node:fs';
import path from 'node:path';
import { crossNetworkProblem, endpointNetworksOf, gatewayProblem, networkGateways } from './networkz';

/** What the demo mesh's istiod (mesh-cp) answered on the local fleet, trimmed to two services. */
const recorded = (name: string) => JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'testdata', name), 'utf8'));

/** `/debug/networkz` as istiod writes it (Go field names). */
const networkz = [
  { Network: 'net-cp', Cluster: 'mesh-cp', Addr: '127.200.0.3', Port: 15443, HBONEPort: 0, ServiceAccount: { Namespace: 'istio-system', Name: 'istio-eastwestgateway' } },
  { Network: 'net-eu', Cluster: 'eu-1', Addr: '127.201.0.2', Port: 15443, HBONEPort: 0, ServiceAccount: { Namespace: 'istio-system', Name: 'istio-eastwestgateway' } },
];

/** `/debug/endpointShardz`: service → namespace → shards by `<provider>/<cluster>`. */
const endpointShardz = {
  'reviews.shop.svc.cluster.local': {
    shop: {
      Shards: {
        'Kubernetes/eu-1': [{ Addresses: ['10.1.0.7'], Network: 'net-eu' }, { Addresses: ['10.1.0.8'], Network: 'net-eu' }],
        'Kubernetes/mesh-cp': [{ Addresses: ['10.0.0.9'], Network: 'net-cp' }],
      },
      ServiceAccounts: { 'spiffe://cluster.local/ns/shop/sa/reviews': {} },
    },
  },
  'kubernetes.default.svc.cluster.local': { default: { Shards: { 'Kubernetes/eu-1': null } } },
};

describe('istiod network reads', () => {
  it('reads the network gateways istiod found', () => {
    expect(networkGateways(networkz)).toEqual([
      { network: 'net-cp', cluster: 'mesh-cp', address: '127.200.0.3', port: 15443 },
      { network: 'net-eu', cluster: 'eu-1', address: '127.201.0.2', port: 15443 },
    ]);
    expect(networkGateways(undefined)).toEqual([]);
    expect(() => networkGateways({ gateways: [] })).toThrow('/debug/networkz did not answer with a list');
  });

  it("counts a cluster's endpoints by network, whatever the provider prefix", () => {
    expect(endpointNetworksOf(endpointShardz, 'eu-1')).toEqual(new Map([['net-eu', 2]]));
    expect(endpointNetworksOf(endpointShardz, 'mesh-cp')).toEqual(new Map([['net-cp', 1]]));
    expect(endpointNetworksOf(endpointShardz, 'us-2')).toEqual(new Map());
  });

  it("says what is missing before istiod routes to a member's network through its gateway", () => {
    const gateways = networkGateways(networkz);
    const member = { cluster: 'eu-1', network: 'net-eu', gatewayAddress: '127.201.0.2' };
    expect(crossNetworkProblem(gateways, endpointNetworksOf(endpointShardz, 'eu-1'), member)).toBeUndefined();
    expect(crossNetworkProblem(gateways, endpointNetworksOf(endpointShardz, 'eu-1'), { ...member, gatewayAddress: '127.201.0.9' })).toBe(
      '/debug/networkz lists no gateway of network net-eu at 127.201.0.9 (it lists: net-cp at 127.200.0.3, net-eu at 127.201.0.2)',
    );
    // Endpoints without the member's network (istio-system not labelled) are sent to pod IPs, not the gateway.
    expect(crossNetworkProblem(gateways, new Map([['', 3]]), member)).toBe(
      "/debug/endpointShardz holds no endpoint of eu-1 on network net-eu (it holds: 3 on '')",
    );
    expect(gatewayProblem([], 'net-cp', '127.200.0.3')).toBe('/debug/networkz lists no gateway of network net-cp at 127.200.0.3 (it lists: none)');
  });

  it("reads a real istiod's answers: the demo mesh's three networks, each member's endpoints on its own", () => {
    const gateways = networkGateways(recorded('istiod-networkz.json'));
    expect(gateways.map(g => `${g.network} ${g.cluster} ${g.port}`)).toEqual([
      'net-mesh-cp mesh-cp 15443',
      'net-east east 15443',
      'net-west west 15443',
    ]);
    const shards = recorded('istiod-endpointShardz.json');
    for (const cluster of ['east', 'west']) {
      const networks = endpointNetworksOf(shards, cluster);
      expect([...networks.keys()]).toEqual([`net-${cluster}`]);
      const gatewayAddress = gateways.find(g => g.cluster === cluster)!.address;
      expect(crossNetworkProblem(gateways, networks, { cluster, network: `net-${cluster}`, gatewayAddress })).toBeUndefined();
    }
  });
});
