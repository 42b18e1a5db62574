import type { MeshService } from '../model';
import { componentWorkloads, matchComponentService } from './componentWorkloads';

function service(namespace: string, name: string, selector: Record<string, string>): MeshService {
  return {
    namespace,
    name,
    hostname: `${name}.${namespace}.svc.cluster.local`,
    instances: [{ cluster: 'east', ports: [], selector, injected: true }],
    conflicts: [],
  };
}

describe('component workloads', () => {
  const cart = service('shop', 'cart', { app: 'cart', version: 'v1' });
  const web = service('shop', 'web', { 'app.kubernetes.io/name': 'storefront' });

  it('match by kubernetes-id: the service name or an app label the service selects on', () => {
    expect(matchComponentService(componentWorkloads({ kubernetesId: 'cart' })!, cart)).toBe(true);
    expect(matchComponentService(componentWorkloads({ kubernetesId: 'storefront' })!, web)).toBe(true);
    expect(matchComponentService(componentWorkloads({ kubernetesId: 'storefront' })!, cart)).toBe(false);
  });

  it('match by label selector against the labels a service selects on; the selector wins over the id', () => {
    const query = componentWorkloads({ kubernetesId: 'web', labelSelector: 'app=cart' })!;
    expect(query.kind).toBe('selector');
    expect(matchComponentService(query, cart)).toBe(true);
    expect(matchComponentService(query, web)).toBe(false);
    expect(matchComponentService(componentWorkloads({ labelSelector: 'app=cart,team=x' })!, cart)).toBe(false);
  });

  it('keep to the namespace when one is given', () => {
    expect(matchComponentService(componentWorkloads({ kubernetesId: 'cart', namespace: 'payments' })!, cart)).toBe(false);
  });

  it('are undefined without annotations and throw on a selector they cannot read', () => {
    expect(componentWorkloads({})).toBeUndefined();
    expect(() => componentWorkloads({ labelSelector: 'app>>cart' })).toThrow("cannot read 'app>>cart'");
  });
});
