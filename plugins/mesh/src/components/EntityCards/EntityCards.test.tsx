import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { screen } from '@testing-library/react';
import { mockMeshApi, paymentsMesh, reachableCluster, unreachableCluster } from '../../__fixtures__/fleet';
import { rootRouteRef } from '../../routes';
import { EntityClusterMeshCard } from './EntityClusterMeshCard';
import { EntityMeshCard } from './EntityMeshCard';
import { isClusterEntity, isMeshEntity } from './filters';
import { matchCluster } from './matchCluster';

const mountedRoutes = { '/mesh': rootRouteRef };

function meshEntity(meshId?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'mesh-shop', annotations: meshId ? { 'meshfleet.io/mesh-id': meshId } : {} },
    spec: { type: 'service-mesh', owner: 'platform' },
  };
}

function clusterEntity(name: string, apiServer?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, annotations: apiServer ? { 'kubernetes.io/api-server': apiServer } : {} },
    spec: { type: 'kubernetes-cluster', owner: 'platform' },
  };
}

describe('entity filters', () => {
  it('select mesh and cluster Resources only', () => {
    expect(isMeshEntity(meshEntity('shop'))).toBe(true);
    expect(isClusterEntity(meshEntity('shop'))).toBe(false);
    expect(isClusterEntity(clusterEntity('east'))).toBe(true);
    const component = { ...meshEntity('shop'), kind: 'Component' };
    expect(isMeshEntity(component)).toBe(false);
  });

  it('match a cluster by API server URL first, then by name', () => {
    const byUrl = clusterEntity('some-other-name', 'https://shop-eu.example.com:6443/');
    expect(matchCluster(byUrl, [reachableCluster, unreachableCluster])).toBe(unreachableCluster);
    expect(matchCluster(clusterEntity('shop-cp'), [reachableCluster, unreachableCluster])).toBe(reachableCluster);
    expect(matchCluster(clusterEntity('nowhere', 'https://x:6443'), [reachableCluster])).toBeUndefined();
  });
});

describe('EntityMeshCard', () => {
  it('summarises the mesh named by the annotation and links to its page', async () => {
    await renderInTestApp(
      <EntityProvider entity={meshEntity('shop')}>
        <EntityMeshCard />
      </EntityProvider>,
      { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes },
    );
    expect(await screen.findByText('Degraded')).toBeInTheDocument();
    expect(screen.getByText('External (existing Istio, adopted)')).toBeInTheDocument();
    expect(screen.getByText('2 (1 unreachable)')).toBeInTheDocument();
    expect(screen.getByText('not tracked (Meshfleet did not create this mesh)')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Open mesh/ })).toHaveAttribute('href', '/mesh/meshes/shop');
  });

  it('counts drift of a managed mesh', async () => {
    await renderInTestApp(
      <EntityProvider entity={meshEntity('payments')}>
        <EntityMeshCard />
      </EntityProvider>,
      { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes },
    );
    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    expect(screen.getByText('1 difference(s)')).toBeInTheDocument();
    expect(screen.getByText(String(paymentsMesh.serviceCount))).toBeInTheDocument();
  });

  it('names the id when Meshfleet does not know the mesh', async () => {
    await renderInTestApp(
      <EntityProvider entity={meshEntity('gone')}>
        <EntityMeshCard />
      </EntityProvider>,
      { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes },
    );
    expect(await screen.findByText(/Meshfleet knows no mesh with id "gone"/)).toBeInTheDocument();
  });

  it('asks for the annotation when it is missing', async () => {
    await renderInTestApp(
      <EntityProvider entity={meshEntity()}>
        <EntityMeshCard />
      </EntityProvider>,
      { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes },
    );
    expect((await screen.findAllByText(/meshfleet.io\/mesh-id/)).length).toBeGreaterThan(0);
  });

  it('shows a backend error', async () => {
    const api = mockMeshApi({
      getMesh: async () => {
        throw new Error('mesh backend unavailable');
      },
    });
    await renderInTestApp(
      <EntityProvider entity={meshEntity('shop')}>
        <EntityMeshCard />
      </EntityProvider>,
      { apis: [[meshApiRef, api]], mountedRoutes },
    );
    expect((await screen.findAllByText(/mesh backend unavailable/)).length).toBeGreaterThan(0);
  });
});

describe('EntityClusterMeshCard', () => {
  it('shows reachability, Istio role and mesh of a reachable cluster', async () => {
    await renderInTestApp(
      <EntityProvider entity={clusterEntity('shop-cp', 'https://shop-cp.example.com:6443')}>
        <EntityClusterMeshCard />
      </EntityProvider>,
      { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes },
    );
    expect(await screen.findByText('Reachable')).toBeInTheDocument();
    expect(screen.getByText('Control plane (runs istiod)')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'shop' })).toHaveAttribute('href', '/mesh/meshes/shop');
    expect(screen.getByRole('link', { name: /All clusters/ })).toHaveAttribute('href', '/mesh/clusters');
  });

  it('shows why an unreachable cluster is unreachable', async () => {
    await renderInTestApp(
      <EntityProvider entity={clusterEntity('eu', 'https://shop-eu.example.com:6443')}>
        <EntityClusterMeshCard />
      </EntityProvider>,
      { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes },
    );
    expect(await screen.findByText('Unreachable')).toBeInTheDocument();
    expect(screen.getByText('connect ECONNREFUSED 10.0.0.7:6443')).toBeInTheDocument();
    expect(screen.getByText('Remote (uses another cluster’s istiod)')).toBeInTheDocument();
  });

  it('says so when Meshfleet does not read the cluster', async () => {
    await renderInTestApp(
      <EntityProvider entity={clusterEntity('lab', 'https://lab:6443')}>
        <EntityClusterMeshCard />
      </EntityProvider>,
      { apis: [[meshApiRef, mockMeshApi()]], mountedRoutes },
    );
    expect(await screen.findByText(/Meshfleet does not read this cluster/)).toBeInTheDocument();
    expect(screen.getByText('https://lab:6443')).toBeInTheDocument();
  });

  it('shows a backend error', async () => {
    const api = mockMeshApi({
      listClusters: async () => {
        throw new Error("Permission 'mesh.cluster.read' is required");
      },
    });
    await renderInTestApp(
      <EntityProvider entity={clusterEntity('shop-cp')}>
        <EntityClusterMeshCard />
      </EntityProvider>,
      { apis: [[meshApiRef, api]], mountedRoutes },
    );
    expect((await screen.findAllByText(/mesh.cluster.read/)).length).toBeGreaterThan(0);
  });
});
