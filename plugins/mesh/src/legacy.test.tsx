import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { screen } from '@testing-library/react';
import { mockMeshApi } from './__fixtures__/fleet';
import { LegacyMeshRouter } from './components/MeshesRouter';
import { rootRouteRef } from './routes';

// The same pages in a legacy app: links resolve through the legacy routing context.
describe('legacy frontend system', () => {
  function renderLegacy(path: string) {
    return renderInTestApp(
      <TestApiProvider apis={[[meshApiRef, mockMeshApi()]]}>
        <LegacyMeshRouter />
      </TestApiProvider>,
      { routeEntries: [path], mountedRoutes: { '/mesh': convertLegacyRouteRef(rootRouteRef) } },
    );
  }

  it('lists the meshes with links to their pages', async () => {
    await renderLegacy('/');
    expect(await screen.findByRole('link', { name: 'Payments' })).toHaveAttribute('href', '/mesh/meshes/payments');
  });

  it('shows one mesh and the clusters', async () => {
    await renderLegacy('/meshes/shop');
    expect(await screen.findByText('External (existing Istio, adopted)')).toBeInTheDocument();
  });

  it('shows the clusters', async () => {
    await renderLegacy('/clusters');
    expect(await screen.findByText('connect ECONNREFUSED 10.0.0.7:6443')).toBeInTheDocument();
  });
});
