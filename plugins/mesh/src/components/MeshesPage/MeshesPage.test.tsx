import { renderInTestApp } from '@backstage/frontend-test-utils';
import { MeshRecord } from '@meshfleet/plugin-mesh-common';
import { MeshApi, meshApiRef } from '@meshfleet/plugin-mesh-react';
import { screen, waitFor } from '@testing-library/react';
import { MeshesPage } from './MeshesPage';

const paymentsMesh: MeshRecord = {
  id: 'payments',
  title: 'Payments',
  type: 'hosted',
  controlPlaneCluster: 'mesh-cp',
  trustDomain: 'payments.example.com',
  revision: '1-28-0',
  istioVersion: '1.28.0',
  members: [
    { cluster: 'east', network: 'net-east' },
    { cluster: 'west', network: 'net-west' },
  ],
  createdAt: '2026-11-26T00:00:00.000Z',
  updatedAt: '2026-11-26T00:00:00.000Z',
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
    expect(screen.getByText('1.28.0 (revision 1-28-0)')).toBeInTheDocument();
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
