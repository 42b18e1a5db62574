import { renderInTestApp } from '@backstage/frontend-test-utils';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { screen, within } from '@testing-library/react';
import { mockMeshApi, plainCluster, reachableCluster, unreachableCluster } from '../../__fixtures__/fleet';
import { rootRouteRef } from '../../routes';
import { ClustersPage } from './ClustersPage';

const mountedRoutes = { '/mesh': rootRouteRef };

function rowOf(text: string): HTMLElement {
  return screen.getByText(text).closest('tr')!;
}

describe('ClustersPage', () => {
  it('lists every cluster with URL, source, role, mesh link, revisions and last sync', async () => {
    await renderInTestApp(<ClustersPage />, { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes });
    expect(await screen.findByText('Clusters (3), 1 unreachable')).toBeInTheDocument();
    const cp = rowOf('https://shop-cp.example.com:6443');
    expect(within(cp).getByText('shop-cp')).toBeInTheDocument();
    expect(within(cp).getByText('source: config · Kubernetes v1.36.3')).toBeInTheDocument();
    expect(within(cp).getByText('Reachable')).toBeInTheDocument();
    expect(within(cp).getByText('2026-09-21 10:15:03 UTC')).toBeInTheDocument();
    expect(within(cp).getByText('Control plane (runs istiod)')).toBeInTheDocument();
    expect(within(cp).getByRole('link', { name: 'shop' })).toHaveAttribute('href', '/mesh/meshes/shop');
    expect(within(cp).getByText('istiod revisions: default, canary')).toBeInTheDocument();
    expect(within(cp).getByText('network: shop-net')).toBeInTheDocument();

    const sandbox = rowOf(plainCluster.url);
    expect(within(sandbox).getByText('Not contacted yet')).toBeInTheDocument();
    expect(within(sandbox).getByText('No Istio found')).toBeInTheDocument();
    expect(within(sandbox).getByText('never')).toBeInTheDocument();
  });

  it('shows why an unreachable cluster is unreachable and since when', async () => {
    await renderInTestApp(<ClustersPage />, { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes });
    const eu = (await screen.findByText(unreachableCluster.url)).closest('tr')!;
    expect(within(eu).getByText('Unreachable')).toBeInTheDocument();
    expect(within(eu).getByText('connect ECONNREFUSED 10.0.0.7:6443')).toBeInTheDocument();
    expect(within(eu).getByText('2026-09-21 09:05:00 UTC')).toBeInTheDocument();
    expect(within(eu).getByText('shop-eu · Service shop/cart: port 9090 has no name; Istio treats it as TCP')).toBeInTheDocument();
  });

  it('shows a cluster that needs a signed-in user as such, with the reason, not as unreachable', async () => {
    const oidcCluster = {
      ...plainCluster,
      name: 'team-oidc',
      url: 'https://team-oidc.example.com:6443',
      source: 'catalog',
      authProvider: 'oidc',
      reachability: 'needs-user-credentials' as const,
      error: "needs a signed-in user's token (auth provider 'oidc')",
    };
    await renderInTestApp(<ClustersPage />, {
      apis: [[meshApiRef, mockMeshApi({ listClusters: async () => [reachableCluster, oidcCluster] })]],
      mountedRoutes,
    });
    const row = (await screen.findByText(oidcCluster.url)).closest('tr')!;
    expect(within(row).getByText('Needs a signed-in user')).toBeInTheDocument();
    expect(within(row).getByText("needs a signed-in user's token (auth provider 'oidc')")).toBeInTheDocument();
    expect(screen.getByText('Clusters (2)')).toBeInTheDocument();
  });

  it('explains where clusters come from when there is none', async () => {
    await renderInTestApp(<ClustersPage />, { apis: [[meshApiRef, mockMeshApi({ listClusters: async () => [] })]] });
    expect(await screen.findByText('No clusters')).toBeInTheDocument();
    expect(screen.getByText('kubernetes.clusterLocatorMethods')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    const api = mockMeshApi({
      listClusters: async () => {
        throw new Error("Permission 'mesh.cluster.read' is required");
      },
    });
    await renderInTestApp(<ClustersPage />, { apis: [[meshApiRef, api]] });
    expect(await screen.findByText(/Could not list the clusters/)).toBeInTheDocument();
    expect(screen.getAllByText(/mesh.cluster.read/).length).toBeGreaterThan(0);
    expect(screen.queryByText('No clusters')).not.toBeInTheDocument();
  });

  it('shows cluster names without links when the mesh page is not mounted', async () => {
    await renderInTestApp(<ClustersPage />, {
      apis: [[meshApiRef, mockMeshApi({ listClusters: async () => [reachableCluster] })]],
    });
    const cp = (await screen.findByText(reachableCluster.url)).closest('tr')!;
    expect(within(cp).getByText('shop')).toBeInTheDocument();
    expect(within(cp).queryByRole('link')).not.toBeInTheDocument();
  });
});
