import { renderInTestApp } from '@backstage/frontend-test-utils';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockMeshApi, paymentsMesh, paymentsMeshDetail, shopMesh } from '../../__fixtures__/fleet';
import { rootRouteRef } from '../../routes';
import { MeshesPage } from './MeshesPage';

const mountedRoutes = { '/mesh': rootRouteRef };

describe('MeshesPage', () => {
  it('explains how to get a first mesh when there is none', async () => {
    await renderInTestApp(<MeshesPage />, { apis: [[meshApiRef, mockMeshApi({ listMeshes: async () => [] })]] });
    expect(await screen.findByText('No service meshes yet')).toBeInTheDocument();
    expect(screen.getAllByText('kubernetes.clusterLocatorMethods').length).toBeGreaterThan(0);
    // The example configuration is syntax-highlighted (loaded lazily), so its text spans many elements.
    await waitFor(() => expect(document.body.textContent).toContain('serviceAccountToken: ${MESH_CP_TOKEN}'));
  });

  it('lists the meshes with links, type, Istio, control plane, members, health, services, drift and warnings', async () => {
    await renderInTestApp(<MeshesPage />, {
      apis: [[meshApiRef, mockMeshApi({ listMeshes: async () => [paymentsMesh, shopMesh] })]],
      mountedRoutes,
    });
    const payments = (await screen.findByRole('link', { name: 'Payments' })).closest('tr')!;
    expect(screen.getByRole('link', { name: 'Payments' })).toHaveAttribute('href', '/mesh/meshes/payments');
    expect(within(payments).getByText('hosted')).toBeInTheDocument();
    expect(within(payments).getByText('1.28.0 (revision 1-28-0)')).toBeInTheDocument();
    expect(within(payments).getByText('mesh-cp (control plane)')).toBeInTheDocument();
    expect(within(payments).getByText('members: east, west')).toBeInTheDocument();
    expect(within(payments).getByText('Healthy')).toBeInTheDocument();
    expect(within(payments).getByText('4')).toBeInTheDocument();

    const shop = screen.getByRole('link', { name: 'Shop' }).closest('tr')!;
    expect(within(shop).getByText('1.27.3 (revisions default, canary)')).toBeInTheDocument();
    expect(within(shop).getByText('Degraded')).toBeInTheDocument();
    expect(within(shop).getByText('1 warning')).toBeInTheDocument();
    expect(screen.queryByText('No service meshes yet')).not.toBeInTheDocument();
  });

  it('counts drift and warnings together', async () => {
    const drifting = { ...paymentsMesh, drift: paymentsMeshDetail.drift, warnings: [...shopMesh.warnings, ...shopMesh.warnings] };
    await renderInTestApp(<MeshesPage />, {
      apis: [[meshApiRef, mockMeshApi({ listMeshes: async () => [drifting] })]],
      mountedRoutes,
    });
    expect(await screen.findByText('1 drift, 2 warnings')).toBeInTheDocument();
  });

  it('marks meshes Meshfleet only discovered', async () => {
    const discovered = { ...shopMesh, managed: false };
    await renderInTestApp(<MeshesPage />, {
      apis: [[meshApiRef, mockMeshApi({ listMeshes: async () => [discovered] })]],
      mountedRoutes,
    });
    expect(await screen.findByText('external (discovered)')).toBeInTheDocument();
  });

  it('shows the backend error instead of an empty state', async () => {
    const failing = mockMeshApi({
      listMeshes: async () => {
        throw new Error('mesh backend unavailable');
      },
    });
    await renderInTestApp(<MeshesPage />, { apis: [[meshApiRef, failing]] });
    expect((await screen.findAllByText(/mesh backend unavailable/)).length).toBeGreaterThan(0);
    expect(screen.queryByText('No service meshes yet')).not.toBeInTheDocument();
  });

  it('reads again on Refresh', async () => {
    const listMeshes = jest.fn().mockResolvedValueOnce([]).mockResolvedValueOnce([paymentsMesh]);
    await renderInTestApp(<MeshesPage />, { apis: [[meshApiRef, mockMeshApi({ listMeshes })]], mountedRoutes });
    expect(await screen.findByText('No service meshes yet')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /refresh/i }));
    expect(await screen.findByRole('link', { name: 'Payments' })).toBeInTheDocument();
    expect(listMeshes).toHaveBeenCalledTimes(2);
  });
});
