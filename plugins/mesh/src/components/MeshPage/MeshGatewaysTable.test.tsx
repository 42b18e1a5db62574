import { renderInTestApp } from '@backstage/frontend-test-utils';
import { MeshGateway } from '@meshfleet/plugin-mesh-common';
import { screen, within } from '@testing-library/react';
import { MeshGatewaysTable } from './MeshGatewaysTable';

const ingress: MeshGateway = {
  cluster: 'west',
  namespace: 'istio-ingress',
  name: 'shop-ingress',
  kind: 'ingress',
  replicas: 2,
  readyReplicas: 1,
  serviceType: 'LoadBalancer',
  addresses: ['172.18.255.10', 'shop.west.example.com'],
};

describe('MeshGatewaysTable', () => {
  it('lists each gateway with its cluster, type, revision, readiness and addresses', async () => {
    const egress: MeshGateway = {
      ...ingress,
      cluster: 'east',
      namespace: 'istio-egress',
      name: 'out',
      kind: 'egress',
      revision: '1-31-0',
      replicas: 1,
      readyReplicas: 1,
      serviceType: 'ClusterIP',
      addresses: [],
    };
    await renderInTestApp(<MeshGatewaysTable gateways={[ingress, egress]} />);
    expect(await screen.findByText('Gateways (2)')).toBeInTheDocument();
    const west = screen.getByText('istio-ingress/shop-ingress').closest('tr')!;
    expect(within(west).getByText('west')).toBeInTheDocument();
    expect(within(west).getByText('Ingress')).toBeInTheDocument();
    expect(within(west).getByText('default')).toBeInTheDocument();
    expect(within(west).getByText('1/2')).toBeInTheDocument();
    expect(within(west).getByText('172.18.255.10, shop.west.example.com')).toBeInTheDocument();
    const east = screen.getByText('istio-egress/out').closest('tr')!;
    expect(within(east).getByText('1-31-0')).toBeInTheDocument();
    expect(within(east).getByText('none (ClusterIP Service)')).toBeInTheDocument();
  });

  it('says when an ingress gateway waits for its load balancer', async () => {
    await renderInTestApp(<MeshGatewaysTable gateways={[{ ...ingress, addresses: [] }]} />);
    expect(await screen.findByText('waiting for a load-balancer address')).toBeInTheDocument();
  });

  it('says how to create a gateway when there is none', async () => {
    await renderInTestApp(<MeshGatewaysTable gateways={[]} />);
    expect(await screen.findByText(/No gateway runs in this mesh's clusters/)).toBeInTheDocument();
  });
});
