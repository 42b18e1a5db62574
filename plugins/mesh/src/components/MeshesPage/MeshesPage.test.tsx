import { renderInTestApp } from '@backstage/frontend-test-utils';
import { MeshView } from '@meshfleet/plugin-mesh-common';
import { MeshApi, meshApiRef } from '@meshfleet/plugin-mesh-react';
import { screen, waitFor } from '@testing-library/react';
import { MeshesPage } from './MeshesPage';

const paymentsMesh: MeshView = {
  id: 'payments',
  title: 'Payments',
  type: 'hosted',
  managed: true,
  controlPlaneCluster: 'mesh-cp',
  clusters: [
    { cluster: 'mesh-cp', role: 'control-plane', network: 'net-cp', reachability: 'reachable' },
    { cluster: 'east', role: 'remote', network: 'net-east', reachability: 'reachable' },
    { cluster: 'west', role: 'remote', network: 'net-west', reachability: 'reachable' },
  ],
  revisions: ['1-28-0'],
  istioVersion: '1.28.0',
  trustDomain: 'payments.example.com',
  health: 'healthy',
  drift: [],
  warnings: [],
  serviceCount: 4,
};

function meshApi(listMeshes: MeshApi['listMeshes']): MeshApi {
  return { listMeshes };
}

describe('MeshesPage', () => {
  it('explains how to get a first mesh when there is none', async () => {
    await renderInTestApp(<MeshesPage />, { apis: [[meshApiRef, meshApi(async () => [])]] });
    expect(await screen.findByText('No service meshes yet')).toBeInTheDocument();
    expect(screen.getAllByText('kubernetes.clusterLocatorMethods').length).toBeGreaterThan(0);
    // The example configuration is syntax-highlighted (loaded lazily), so its text spans many elements.
    await waitFor(() => expect(document.body.textContent).toContain('serviceAccountToken: ${MESH_CP_TOKEN}'));
  });

  it('lists the meshes with type, control plane, members and version', async () => {
    await renderInTestApp(<MeshesPage />, { apis: [[meshApiRef, meshApi(async () => [paymentsMesh])]] });
    expect(await screen.findByText('Payments (payments)')).toBeInTheDocument();
    expect(screen.getByText('hosted')).toBeInTheDocument();
    expect(screen.getByText('mesh-cp')).toBeInTheDocument();
    expect(screen.getByText('east, west')).toBeInTheDocument();
    expect(screen.getByText('1.28.0 (1-28-0)')).toBeInTheDocument();
    expect(screen.getByText('healthy')).toBeInTheDocument();
    expect(screen.queryByText('No service meshes yet')).not.toBeInTheDocument();
  });

  it('shows the backend error instead of an empty state', async () => {
    const failing = meshApi(async () => {
      throw new Error('mesh backend unavailable');
    });
    await renderInTestApp(<MeshesPage />, { apis: [[meshApiRef, failing]] });
    expect((await screen.findAllByText(/mesh backend unavailable/)).length).toBeGreaterThan(0);
    expect(screen.queryByText('No service meshes yet')).not.toBeInTheDocument();
  });
});
