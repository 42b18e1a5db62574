import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { MeshApi } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockMeshApi, shopMeshDetail } from '../../__fixtures__/fleet';
import { rootRouteRef } from '../../routes';
import { shopWorkloads } from './__fixtures__/workloads';
import { MeshWorkloadsTab } from './MeshWorkloadsTab';
import { ServiceSidecarsCard } from './ServiceSidecarsCard';

const mountedRoutes = { '/mesh': rootRouteRef };

function workloadsApi(): MeshApi & { listMeshWorkloads: jest.Mock } {
  return mockMeshApi({ listMeshWorkloads: jest.fn(async () => shopWorkloads) }) as MeshApi & { listMeshWorkloads: jest.Mock };
}

describe('MeshWorkloadsTab', () => {
  it('lists the workloads per cluster and flags the pods whose sidecar differs from their namespace', async () => {
    const api = workloadsApi();
    await renderInTestApp(<MeshWorkloadsTab mesh={shopMeshDetail} />, { apis: [[meshApiRef, api]], mountedRoutes });
    expect(await screen.findByText(/2 workloads in shop; 2 pods need a restart; 1 cluster could not be read/)).toBeInTheDocument();
    expect(api.listMeshWorkloads).toHaveBeenCalledWith('shop', { namespaces: undefined, cluster: undefined });

    const cart = screen.getByText('Deployment cart-v1').closest('tr')!;
    expect(within(cart).getByText('1-30 ×1, 1-31 ×1')).toBeInTheDocument();
    expect(within(cart).getByText('2 of 3')).toBeInTheDocument();
    const chip = within(cart).getByLabelText(/^sidecar revision 1-30 ≠ namespace's 1-31: restart the workload \(cart-v1-6dbcd47c87-4jvv6\)$/);
    expect(chip).toHaveTextContent('1 pod: sidecar 1-30 ≠ 1-31');
    expect(within(cart).getByText('1 pod: no sidecar')).toBeInTheDocument();

    const catalog = screen.getByText('Deployment catalog-v1').closest('tr')!;
    expect(within(catalog).getByText('in sync')).toBeInTheDocument();
    expect(screen.getByText('shop: istio-injection=enabled → 1-31')).toBeInTheDocument();
    expect(screen.getByText(/Injectors: 1-30, 1-31; tags: default → 1-31/)).toBeInTheDocument();

    expect(screen.getByText('Error: Cluster shop-eu (Remote (member)) could not be read')).toBeInTheDocument();
    expect(screen.getByText('shop-eu: list Namespace: connect ECONNREFUSED 10.0.0.9:6443')).toBeInTheDocument();
  });

  it('reads again for the cluster chosen in the filter', async () => {
    const api = workloadsApi();
    await renderInTestApp(<MeshWorkloadsTab mesh={shopMeshDetail} />, { apis: [[meshApiRef, api]], mountedRoutes });
    await screen.findByText('Deployment cart-v1');
    await userEvent.click(screen.getByRole('button', { name: 'Cluster' }));
    await userEvent.click(await screen.findByRole('option', { name: 'shop-cp' }));
    await waitFor(() => expect(api.listMeshWorkloads).toHaveBeenLastCalledWith('shop', { namespaces: undefined, cluster: 'shop-cp' }));
  });
});

describe('ServiceSidecarsCard', () => {
  it("shows the service's workloads in every cluster it runs in", async () => {
    const api = workloadsApi();
    const service = { meshId: 'shop', meshTitle: 'Shop', namespace: 'shop', name: 'cart', hostname: 'cart.shop.svc.cluster.local', clusters: [] };
    await renderInTestApp(<ServiceSidecarsCard service={service} />, { apis: [[meshApiRef, api]], mountedRoutes });
    expect(await screen.findByText('Sidecars')).toBeInTheDocument();
    expect(api.listMeshWorkloads).toHaveBeenCalledWith('shop', { service: 'shop/cart' });
    expect(screen.getByText('shop-cp: istio-injection=enabled → 1-31')).toBeInTheDocument();
    expect(screen.getByLabelText(/sidecar revision 1-30 ≠ namespace's 1-31: restart the workload/)).toBeInTheDocument();
    expect(screen.getByText('Error: Cluster shop-eu could not be read')).toBeInTheDocument();
  });
});
