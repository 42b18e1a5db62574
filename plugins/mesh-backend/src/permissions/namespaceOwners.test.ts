import { Entity } from '@backstage/catalog-model';
import type { MeshService } from '@meshfleet/plugin-mesh-common';
import { namespaceOwnersOf } from './namespaceOwners';

function service(namespace: string, name: string, selector: Record<string, string>): MeshService {
  return {
    namespace,
    name,
    hostname: `${name}.${namespace}.svc.cluster.local`,
    instances: [{ cluster: 'east', ports: [], selector, injected: true }],
    conflicts: [],
  };
}

function component(name: string, owner: string | undefined, annotations: Record<string, string>, namespace = 'default'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace, annotations },
    spec: { type: 'service', ...(owner ? { owner } : {}) },
  };
}

const services = [service('shop', 'cart', { app: 'cart' }), service('shop', 'reviews-v2', { app: 'reviews', version: 'v2' }), service('pay', 'ledger', { app: 'ledger' })];

describe('namespaceOwnersOf', () => {
  it("names the owners of Components whose workloads are the namespace's services, as full entity refs", () => {
    const components = [
      component('cart', 'shop-team', { 'backstage.io/kubernetes-id': 'cart' }),
      component('reviews', 'user:default/jane', { 'backstage.io/kubernetes-label-selector': 'app=reviews' }),
      component('ledger', 'pay-team', { 'backstage.io/kubernetes-id': 'ledger' }),
      component('unowned', undefined, { 'backstage.io/kubernetes-id': 'cart' }),
    ];
    expect(namespaceOwnersOf(components, services, 'shop')).toEqual(['group:default/shop-team', 'user:default/jane']);
    expect(namespaceOwnersOf(components, services, 'pay')).toEqual(['group:default/pay-team']);
    expect(namespaceOwnersOf(components, services, 'elsewhere')).toEqual([]);
  });

  it('honours a Component narrowed to another namespace, and ignores Components without workloads or with a bad selector', () => {
    const components = [
      component('cart', 'shop-team', { 'backstage.io/kubernetes-id': 'cart', 'backstage.io/kubernetes-namespace': 'pay' }),
      component('docs', 'docs-team', {}),
      component('broken', 'broken-team', { 'backstage.io/kubernetes-label-selector': 'app in (' }),
    ];
    expect(namespaceOwnersOf(components, services, 'shop')).toEqual([]);
  });
});
