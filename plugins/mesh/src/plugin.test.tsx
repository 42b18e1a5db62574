import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import { createExtensionTester, renderTestApp } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { MeshApi, MeshClient } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockMeshApi } from './__fixtures__/fleet';
import meshPlugin from './index';
import { meshPlugin as legacyMeshPlugin } from './legacy';

function renderAt(path: string) {
  return renderTestApp({
    features: [meshPlugin],
    apis: [[meshApiRef, mockMeshApi()]],
    initialRouteEntries: [path],
  });
}

describe('mesh frontend plugin', () => {
  it('is the mesh plugin on the new frontend system', () => {
    expect(meshPlugin.id).toBe('mesh');
  });

  it('opens /mesh on the Meshes tab and links each mesh to its page', async () => {
    renderAt('/mesh');
    expect(await screen.findByRole('link', { name: 'Payments' })).toHaveAttribute('href', '/mesh/meshes/payments');
    expect(screen.getByRole('tab', { name: 'Meshes' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Clusters' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('link', { name: 'Shop' }));
    expect(await screen.findByText('External (existing Istio, adopted)')).toBeInTheDocument();
  });

  it('serves one mesh at /mesh/meshes/:meshId and names an unknown id', async () => {
    renderAt('/mesh/meshes/nope');
    expect(await screen.findByText('No mesh with id "nope"')).toBeInTheDocument();
  });

  it('serves the clusters at /mesh/clusters', async () => {
    renderAt('/mesh/clusters');
    expect(await screen.findByText('connect ECONNREFUSED 10.0.0.7:6443')).toBeInTheDocument();
  });

  it('puts the entity cards on mesh and cluster Resources only', () => {
    const entity = (kind: string, type: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name: 'x' },
      spec: { type },
    });
    const meshCard = createExtensionTester(meshPlugin.getExtension('entity-card:mesh/mesh-summary'));
    const meshFilter = meshCard.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(meshFilter(entity('Resource', 'service-mesh'))).toBe(true);
    expect(meshFilter(entity('Resource', 'kubernetes-cluster'))).toBe(false);
    expect(meshFilter(entity('Component', 'service-mesh'))).toBe(false);

    const clusterCard = createExtensionTester(meshPlugin.getExtension('entity-card:mesh/cluster-mesh'));
    const clusterFilter = clusterCard.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(clusterFilter(entity('Resource', 'kubernetes-cluster'))).toBe(true);
    expect(clusterFilter(entity('Resource', 'service-mesh'))).toBe(false);
  });

  it("provides the mesh API as mesh-common's client on the app's discovery and fetch APIs", async () => {
    const discoveryApi = { getBaseUrl: jest.fn(async (id: string) => `http://backend.test/api/${id}`) };
    const fetchApi = { fetch: jest.fn(async () => new Response('[]', { headers: { 'Content-Type': 'application/json' } })) };
    const factory = createExtensionTester(meshPlugin.getExtension('api:mesh')).get(ApiBlueprint.dataRefs.factory);
    expect(factory.api).toBe(meshApiRef);
    const api = factory.factory({ discoveryApi, fetchApi }) as MeshApi;
    expect(api).toBeInstanceOf(MeshClient);
    await expect(api.listMeshes()).resolves.toEqual([]);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('mesh');
    expect(fetchApi.fetch).toHaveBeenCalledTimes(1);
  });

  it('provides the same API to legacy apps', () => {
    const [factory] = [...legacyMeshPlugin.getApis()];
    expect(factory.api).toBe(meshApiRef);
    const discoveryApi = { getBaseUrl: async () => 'http://backend.test/api/mesh' };
    expect(factory.factory({ discoveryApi, fetchApi: { fetch } })).toBeInstanceOf(MeshClient);
  });
});
