import { renderInTestApp } from '@backstage/frontend-test-utils';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockMeshApi, notFound, paymentsMeshDetail, shopMeshDetail } from '../../__fixtures__/fleet';
import { rootRouteRef } from '../../routes';
import { paymentsChanges, paymentsDrift, paymentsPolicies } from '../MeshPolicies/__fixtures__/policies';
import { MeshPage } from './MeshPage';

const mountedRoutes = { '/mesh': rootRouteRef };

describe('MeshPage', () => {
  it('shows what the mesh is: type, management, control plane, trust domain, Istio and health', async () => {
    await renderInTestApp(<MeshPage meshId="shop" />, { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes });
    expect(await screen.findByText('External (existing Istio, adopted)')).toBeInTheDocument();
    expect(screen.getByText('Meshfleet (desired state stored)')).toBeInTheDocument();
    expect(screen.getByText('Trust domain').nextSibling).toHaveTextContent('cluster.local');
    expect(screen.getByText('Control-plane cluster').nextSibling).toHaveTextContent('shop-cp');
    expect(screen.getByText('1.27.3 (revisions default, canary)')).toBeInTheDocument();
    expect(screen.getByText('Health').nextSibling).toHaveTextContent('Degraded');
    expect(screen.getByRole('link', { name: 'All meshes' })).toHaveAttribute('href', '/mesh/meshes');
  });

  it('lists the clusters with role, network and reachability', async () => {
    await renderInTestApp(<MeshPage meshId="shop" />, { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes });
    expect(await screen.findByText('Clusters (2)')).toBeInTheDocument();
    const eu = screen.getByText('Remote (member)').closest('tr')!;
    expect(within(eu).getByText('shop-eu')).toBeInTheDocument();
    expect(within(eu).getByText('Remote (member)')).toBeInTheDocument();
    expect(within(eu).getByText('shop-net')).toBeInTheDocument();
    expect(within(eu).getByText('Unreachable')).toBeInTheDocument();
  });

  it("shows the mesh's networks beside its gateways on the Overview", async () => {
    await renderInTestApp(<MeshPage meshId="payments" />, { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes });
    expect(await screen.findByText('Networks')).toBeInTheDocument();
    const networks = screen.getByRole('table', { name: 'Networks' });
    const east = within(networks).getByText('net-east').closest('tr')!;
    expect(within(east).getByText('east')).toBeInTheDocument();
    expect(within(east).getByText(/^no east-west gateway with an address/)).toBeInTheDocument();
  });

  it('lists the services and marks a conflict with its text', async () => {
    await renderInTestApp(<MeshPage meshId="shop" />, { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes });
    expect(await screen.findByText('Services (2), 1 with conflicts')).toBeInTheDocument();
    const cart = screen.getByText('shop/cart').closest('tr')!;
    expect(within(cart).getByText('cart.shop.svc.cluster.local')).toBeInTheDocument();
    expect(within(cart).getByText('shop-eu (no sidecar injection)')).toBeInTheDocument();
    expect(within(cart).getByText('shop-cp: http 8080/TCP')).toBeInTheDocument();
    expect(within(cart).getByText('Conflict')).toBeInTheDocument();
    expect(within(cart).getByText('port http is 8080 in shop-cp but 9090 in shop-eu')).toBeInTheDocument();
    const catalog = screen.getByText('shop/catalog').closest('tr')!;
    expect(within(catalog).getByText('grpc 9000/TCP')).toBeInTheDocument();
    expect(within(catalog).queryByText('Conflict')).not.toBeInTheDocument();
  });

  it('explains that drift is not tracked for an external mesh, and lists warnings', async () => {
    await renderInTestApp(<MeshPage meshId="shop" />, { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes });
    expect(await screen.findByText(/Drift is not tracked for external meshes: Meshfleet did not create this mesh/)).toBeInTheDocument();
    const warning = screen.getByText('spec.host is empty; istiod ignores this rule').closest('tr')!;
    expect(within(warning).getByText('DestinationRule shop/cart')).toBeInTheDocument();
  });

  it('shows each drift item with expected and actual values', async () => {
    await renderInTestApp(<MeshPage meshId="payments" />, { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes });
    const row = (await screen.findByText(/istiod in mesh-cp runs 1.27.3/)).closest('tr')!;
    expect(within(row).getByText('1.28.0')).toBeInTheDocument();
    expect(within(row).getByText('1.27.3')).toBeInTheDocument();
    expect(screen.getByText('Drift (1)')).toBeInTheDocument();
    expect(screen.getByText('Discovery reported no problems in this mesh\'s clusters.')).toBeInTheDocument();
  });

  it('says "No drift" for a managed mesh that matches', async () => {
    const api = mockMeshApi({ getMesh: async () => ({ ...paymentsMeshDetail, drift: [] }) });
    await renderInTestApp(<MeshPage meshId="payments" />, { apis: [[meshApiRef, api]], mountedRoutes });
    expect(await screen.findByText(/No drift/)).toBeInTheDocument();
    expect(screen.getByText('No services found in this mesh\'s clusters yet.')).toBeInTheDocument();
  });

  it('names the unknown id when the mesh does not exist', async () => {
    await renderInTestApp(<MeshPage meshId="nope" />, { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes });
    expect(await screen.findByText('No mesh with id "nope"')).toBeInTheDocument();
    expect(screen.getByText("Backend: No mesh with id 'nope'")).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See all meshes' })).toHaveAttribute('href', '/mesh/meshes');
  });

  it('shows other backend errors', async () => {
    const api = mockMeshApi({
      getMesh: async () => {
        throw new Error('permission mesh.read denied');
      },
    });
    await renderInTestApp(<MeshPage meshId="shop" />, { apis: [[meshApiRef, api]], mountedRoutes });
    expect(await screen.findByText(/Could not read mesh "shop"/)).toBeInTheDocument();
    expect(screen.getAllByText(/permission mesh.read denied/).length).toBeGreaterThan(0);
    expect(screen.queryByText(/No mesh with id/)).not.toBeInTheDocument();
  });

  it('uses the 404 shape MeshClient throws', async () => {
    const api = mockMeshApi({
      getMesh: async () => {
        throw notFound('gone');
      },
    });
    await renderInTestApp(<MeshPage meshId={shopMeshDetail.id} />, { apis: [[meshApiRef, api]], mountedRoutes });
    expect(await screen.findByText('No mesh with id "shop"')).toBeInTheDocument();
  });

  it('opens the Policies tab with the mesh\'s policies, leaving the overview', async () => {
    const api = mockMeshApi({
      listMeshPolicies: async () => paymentsPolicies,
      listMeshPolicyChanges: async () => ({ changes: paymentsChanges }),
      listMeshPolicyDrift: async () => ({ items: paymentsDrift }),
    });
    await renderInTestApp(<MeshPage meshId="payments" />, { apis: [[meshApiRef, api]], mountedRoutes });
    expect(await screen.findByRole('tab', { name: 'Overview', selected: true })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Policies' }));
    expect(await screen.findByText('Policies (2), 1 with no effect')).toBeInTheDocument();
    expect(screen.queryByText('Drift (1)')).not.toBeInTheDocument();
  });
});
