import { createExtensionTester, renderTestApp } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockMeshApi } from './__fixtures__/fleet';
import meshPlugin from './index';
import {
  EntityClusterMeshCard,
  EntityMeshCard,
  isClusterEntity,
  isMeshEntity,
  meshPlugin as legacyMeshPlugin,
  MeshesPage,
} from './legacy';

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

  it('also exports the plugin, its pages and cards for legacy apps', () => {
    expect(legacyMeshPlugin.getId()).toBe('mesh');
    expect(MeshesPage).toBeDefined();
    expect(EntityMeshCard).toBeDefined();
    expect(EntityClusterMeshCard).toBeDefined();
    expect(isMeshEntity).toBeDefined();
    expect(isClusterEntity).toBeDefined();
  });
});
