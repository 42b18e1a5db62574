import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { ComponentService } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { screen } from '@testing-library/react';
import { recorded, recordedMeshApi } from '../../__fixtures__/observability';
import { rootRouteRef } from '../../routes';
import { createFromTemplateRouteRef } from '../MeshTemplates';
import { EntityServiceMeshContent } from './EntityServiceMeshContent';
import { installReactFlowJsdomStubs } from './reactFlowJsdom';

installReactFlowJsdomStubs();

const mountedRoutes = {
  '/mesh': rootRouteRef,
  '/catalog/:namespace/:kind/:name': entityRouteRef,
  '/create/templates/:namespace/:templateName': createFromTemplateRouteRef,
};

const cart: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'cart',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'cart', 'backstage.io/kubernetes-namespace': 'shop' },
  },
  spec: { type: 'service', owner: 'group:default/shop-team', lifecycle: 'experimental' },
};

const recordedService = recorded.componentServices.services[0];

function serviceWith(clusters: ComponentService['clusters']): ComponentService {
  return { ...recordedService, namespace: 'shop', name: 'cart', clusters };
}

function renderTab(services: ComponentService[]) {
  const api = recordedMeshApi({ findComponentServices: async () => ({ services }) });
  return renderInTestApp(
    <EntityProvider entity={cart}>
      <EntityServiceMeshContent />
    </EntityProvider>,
    { apis: [[meshApiRef, api]], mountedRoutes },
  );
}

const templateLink = (formData: object) =>
  `/create/templates/default/enable-mesh-for-service?formData=${encodeURIComponent(JSON.stringify(formData))}`;

describe('"Enable the mesh for this service" on the Service Mesh tab', () => {
  it('names the clusters without injection and links to the template with the Component, mesh, namespace, service and those clusters filled in', async () => {
    await renderTab([
      serviceWith([
        { cluster: 'east', injected: false },
        { cluster: 'west', injected: true },
      ]),
    ]);
    expect(await screen.findByText(/Sidecar injection is off for namespace shop in east:/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enable the mesh for this service' })).toHaveAttribute(
      'href',
      templateLink({
        component: 'component:default/cart',
        mesh: `resource:default/${recordedService.meshId}`,
        namespace: 'shop',
        service: 'cart',
        clusters: ['east'],
      }),
    );
  });

  it('offers nothing when the namespace is injected in every cluster of the service', async () => {
    await renderTab([serviceWith([{ cluster: 'east', injected: true }])]);
    expect(await screen.findByText('Workloads in traffic by cluster')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Enable the mesh for this service' })).not.toBeInTheDocument();
  });

  it('links from "Not in a service mesh" with what the Component\'s annotations tell', async () => {
    await renderTab([]);
    expect(await screen.findByText('Not in a service mesh')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enable the mesh for this service' })).toHaveAttribute(
      'href',
      templateLink({ component: 'component:default/cart', namespace: 'shop', service: 'cart' }),
    );
  });
});
