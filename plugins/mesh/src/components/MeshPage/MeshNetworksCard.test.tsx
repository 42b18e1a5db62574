import { renderInTestApp } from '@backstage/frontend-test-utils';
import { MeshDetail, MeshGateway } from '@meshfleet/plugin-mesh-common';
import { screen, within } from '@testing-library/react';
import { paymentsMeshDetail, shopMeshDetail } from '../../__fixtures__/fleet';
import { MeshNetworksCard } from './MeshNetworksCard';

/** An east-west gateway as Istio's gateway chart names it, ready with an address. */
function eastWest(cluster: string, overrides: Partial<MeshGateway> = {}): MeshGateway {
  return {
    cluster,
    namespace: 'istio-system',
    name: 'istio-eastwestgateway',
    kind: 'east-west',
    replicas: 1,
    readyReplicas: 1,
    serviceType: 'LoadBalancer',
    addresses: ['172.18.255.1'],
    ...overrides,
  };
}

/** The payments mesh (mesh-cp, east and west, each on its own network) with these gateways. */
function payments(gateways: MeshGateway[]): MeshDetail {
  return { ...paymentsMeshDetail, gateways };
}

function rowOf(network: string): HTMLElement {
  return screen.getByText(network, { selector: 'h6' }).closest('tr')!;
}

describe('MeshNetworksCard', () => {
  it("lists each network with its clusters and east-west gateways, the control plane's first", async () => {
    const gateways = [
      eastWest('mesh-cp'),
      eastWest('east', { replicas: 2, readyReplicas: 1, addresses: ['172.18.255.2', 'east-ew.example.com'] }),
      eastWest('west', { addresses: ['172.18.255.3'] }),
      { ...eastWest('west'), kind: 'ingress' as const, namespace: 'istio-ingress', name: 'shop-ingress' },
    ];
    await renderInTestApp(<MeshNetworksCard mesh={payments(gateways)} />);
    expect(await screen.findByText('Networks')).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map(r => within(r).getAllByRole('cell')[0].textContent)).toEqual(['net-cp', 'net-east', 'net-west']);

    const cp = rowOf('net-cp');
    expect(within(cp).getByText('mesh-cp (control plane)')).toBeInTheDocument();
    expect(within(cp).getByText('mesh-cp: istio-system/istio-eastwestgateway, 1/1 ready, 172.18.255.1')).toBeInTheDocument();
    const east = rowOf('net-east');
    expect(within(east).getByText('east')).toBeInTheDocument();
    expect(
      within(east).getByText('east: istio-system/istio-eastwestgateway, 1/2 ready, 172.18.255.2, east-ew.example.com'),
    ).toBeInTheDocument();
    expect(within(rowOf('net-west')).queryByText(/shop-ingress/)).not.toBeInTheDocument();
    expect(screen.getAllByText('a ready east-west gateway has an address')).toHaveLength(3);
  });

  it('warns where no east-west gateway lets the other networks in', async () => {
    const gateways = [eastWest('mesh-cp'), eastWest('west', { readyReplicas: 0, addresses: [] })];
    await renderInTestApp(<MeshNetworksCard mesh={payments(gateways)} />);
    const east = rowOf('net-east');
    expect(await within(east).findByText('none')).toBeInTheDocument();
    expect(
      within(east).getByText(
        'no east-west gateway with an address: workloads on other networks cannot reach services here',
      ),
    ).toBeInTheDocument();
    const west = rowOf('net-west');
    expect(within(west).getByText('west: istio-system/istio-eastwestgateway, 0/1 ready, no address yet')).toBeInTheDocument();
    expect(within(west).getByText(/^no east-west gateway with an address:/)).toBeInTheDocument();
    expect(within(rowOf('net-cp')).getByText('a ready east-west gateway has an address')).toBeInTheDocument();
  });

  it('says in one line that a single-network mesh needs no cross-network gateway', async () => {
    await renderInTestApp(<MeshNetworksCard mesh={shopMeshDetail} />);
    expect(
      await screen.findByText('One network, shop-net: cross-network gateways are not needed.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('names the clusters without a network beside the one network', async () => {
    const mesh: MeshDetail = {
      ...shopMeshDetail,
      clusters: [shopMeshDetail.clusters[0], { ...shopMeshDetail.clusters[1], network: undefined }],
    };
    await renderInTestApp(<MeshNetworksCard mesh={mesh} />);
    expect(
      await screen.findByText(
        'One network, shop-net (shop-eu sets none, which Istio treats as on every network): cross-network gateways are not needed.',
      ),
    ).toBeInTheDocument();
  });

  it('lists clusters without a network in a multi-network mesh last, with why that is a problem', async () => {
    const mesh = payments([eastWest('mesh-cp'), eastWest('east')]);
    mesh.clusters = mesh.clusters.map(c => (c.cluster === 'west' ? { ...c, network: undefined } : c));
    await renderInTestApp(<MeshNetworksCard mesh={mesh} />);
    const rows = (await screen.findAllByRole('row')).slice(1);
    expect(rows.map(r => within(r).getAllByRole('cell')[0].textContent)).toEqual(['net-cp', 'net-east', '(no network)']);
    expect(within(rowOf('(no network)')).getByText(/^no network set while the mesh has several/)).toBeInTheDocument();
  });
});
