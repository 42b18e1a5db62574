import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { fireEvent, screen, within } from '@testing-library/react';
import { prometheusUnavailable, recorded, recordedMeshApi } from '../../__fixtures__/observability';
import { rootRouteRef } from '../../routes';
import { isMeshComponent } from '../componentServices';
import { EntityGrafanaContent } from '../GrafanaTab';
import { EntityServiceMeshCard } from '../ServiceMeshCard';
import { EntityServiceMeshContent } from './EntityServiceMeshContent';
import { installReactFlowJsdomStubs } from './reactFlowJsdom';

installReactFlowJsdomStubs();

// The status card links to the tab through the catalog's entity route, as the app mounts it.
const mountedRoutes = { '/mesh': rootRouteRef, '/catalog/:namespace/:kind/:name': entityRouteRef };

const shopCatalog: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop-catalog',
    annotations: { 'backstage.io/kubernetes-label-selector': 'app=catalog', 'backstage.io/kubernetes-namespace': 'shop' },
  },
  spec: { type: 'service', owner: 'group:default/shop-team', lifecycle: 'experimental' },
  relations: [{ type: 'dependsOn', targetRef: 'resource:default/demo' }],
};

function renderWith(element: JSX.Element, api = recordedMeshApi()) {
  return renderInTestApp(<EntityProvider entity={shopCatalog}>{element}</EntityProvider>, {
    apis: [[meshApiRef, api]],
    mountedRoutes,
  });
}

describe('isMeshComponent', () => {
  it('takes Components with Kubernetes annotations that depend on a Resource', () => {
    expect(isMeshComponent(shopCatalog)).toBe(true);
    expect(isMeshComponent({ ...shopCatalog, relations: [] })).toBe(false);
    expect(isMeshComponent({ ...shopCatalog, kind: 'Resource' })).toBe(false);
    expect(isMeshComponent({ ...shopCatalog, metadata: { name: 'x' } })).toBe(false);
  });
});

describe('Service Mesh tab (recorded answers of the real backend)', () => {
  it('shows the service, its health, the topology with an edge’s figures, charts and sidecars', async () => {
    await renderWith(<EntityServiceMeshContent />);
    expect(await screen.findByText(`shop/catalog in mesh ${recorded.componentServices.services[0].meshTitle}`)).toBeInTheDocument();
    const graph = await screen.findByTestId('topology-graph');
    fireEvent.click((await within(graph).findAllByText('frontend'))[0].closest('.react-flow__node')!);
    fireEvent.click(within(screen.getByTestId('topology-details')).getByRole('button', { name: /shop\/frontend → shop\/catalog/ }));
    const edge = screen.getByTestId('edge-details');
    expect(within(edge).getByText('Cross-cluster')).toBeInTheDocument();
    expect(within(edge).getByRole('table', { name: 'per-cluster parts' })).toHaveTextContent('east → west (cross-cluster)');
    expect(await screen.findByText('Request rate by cluster')).toBeInTheDocument();
    // One sidecar row per cluster of the service, each injected in the recording.
    const sidecarRows = screen.getAllByRole('row').filter(row => within(row).queryByText('on (namespace injected)'));
    expect(sidecarRows.map(row => within(row).getAllByRole('cell')[0].textContent)).toEqual(
      recorded.componentServices.services[0].clusters.map(c => c.cluster),
    );
  });

  it('says why the graph is empty when Prometheus does not answer, and shows the rest', async () => {
    const api = recordedMeshApi({
      getTopology: async () => {
        throw prometheusUnavailable();
      },
    });
    await renderWith(<EntityServiceMeshContent />, api);
    expect(await screen.findByText(/No topology: the mesh’s Prometheus did not answer in time/)).toBeInTheDocument();
    expect(screen.getByText(/no answer within 10000 ms/)).toBeInTheDocument();
    expect(screen.getByText('Workloads in traffic by cluster')).toBeInTheDocument();
  });

  it('says so when the Component’s workloads are in no mesh', async () => {
    await renderWith(<EntityServiceMeshContent />, recordedMeshApi({ findComponentServices: async () => ({ services: [] }) }));
    expect(await screen.findByText('Not in a service mesh')).toBeInTheDocument();
  });
});

describe('Grafana tab (recorded answers of the real backend)', () => {
  it('draws Istio’s Service dashboard panels rendered by the backend when no Grafana is configured', async () => {
    await renderWith(<EntityGrafanaContent />);
    expect(await screen.findByText('Istio Service Dashboard, drawn by Meshfleet')).toBeInTheDocument();
    for (const panel of recorded.dashboard.panels) {
      expect(await screen.findByText(panel.title)).toBeInTheDocument();
    }
    // Stat panels show the latest value in the panel's unit; charts draw, not fail.
    expect(screen.getByTestId('panel-97')).toHaveTextContent(/^\d+(\.\d+)? ops\/s$/);
    expect(screen.queryAllByText(/Something Went Wrong/)).toHaveLength(0);
    expect(screen.queryByTitle('Istio Service Dashboard')).not.toBeInTheDocument();
  });

  it('shows a clear empty state when the mesh has neither Prometheus nor Grafana', async () => {
    const api = recordedMeshApi({
      getObservabilityStatus: async () => ({
        meshId: 'demo',
        prometheus: { configured: false },
        grafana: { configured: false, dashboardsDirectory: false },
      }),
    });
    await renderWith(<EntityGrafanaContent />, api);
    expect(await screen.findByText('No Prometheus or Grafana for mesh demo')).toBeInTheDocument();
  });
});

describe('Service mesh status card', () => {
  it('shows the mesh, health and inbound figures, and links to the tab', async () => {
    await renderWith(<EntityServiceMeshCard />);
    expect(await screen.findByText('Inbound (5m)')).toBeInTheDocument();
    expect(screen.getByText('shop/catalog')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Service Mesh tab/ })).toHaveAttribute(
      'href',
      expect.stringMatching(/\/component\/shop-catalog\/service-mesh$/),
    );
  });
});
