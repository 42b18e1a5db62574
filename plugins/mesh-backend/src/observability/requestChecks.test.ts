import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import { checkReporter, checkScope, checkWindow, listParam } from './requestChecks';

const mesh = {
  id: 'demo',
  clusters: [
    { cluster: 'east', role: 'remote', reachability: 'reachable' },
    { cluster: 'west', role: 'remote', reachability: 'reachable' },
  ],
  services: [
    { namespace: 'shop', name: 'cart', hostname: 'cart.shop.svc.cluster.local', instances: [], conflicts: [] },
    { namespace: 'payments', name: 'ledger', hostname: 'ledger.payments.svc.cluster.local', instances: [], conflicts: [] },
  ],
} as unknown as MeshDetail;

const limits = { minWindowMs: 60_000, maxWindowMs: 21_600_000, maxRangeMs: 0, maxPointsPerSeries: 0, maxPanelQueries: 0 };

describe('request checks', () => {
  it('derives the scope from the parameters', () => {
    expect(checkScope(mesh, {})).toEqual({ kind: 'mesh' });
    expect(checkScope(mesh, { namespaces: 'shop,payments' })).toEqual({ kind: 'namespace', namespaces: ['payments', 'shop'] });
    expect(checkScope(mesh, { namespaces: ['shop', 'shop'] })).toEqual({ kind: 'namespace', namespaces: ['shop'] });
    expect(checkScope(mesh, { service: 'shop/cart' })).toEqual({ kind: 'service', namespace: 'shop', service: 'cart' });
  });

  it('refuses unknown namespaces and services, naming them and what exists', () => {
    expect(() => checkScope(mesh, { namespaces: 'shop,nope,gone' })).toThrow(
      "namespaces: unknown in mesh 'demo': nope, gone; namespaces with mesh services: payments, shop",
    );
    expect(() => checkScope(mesh, { service: 'shop/ledger' })).toThrow(
      "service: 'shop/ledger' is not a service of mesh 'demo'; services in shop: cart",
    );
    expect(() => checkScope(mesh, { service: 'cart' })).toThrow("service: 'cart' is not <namespace>/<name>");
    expect(() => checkScope(mesh, { service: 'shop/cart', namespaces: 'shop' })).toThrow('give one of them');
  });

  it('refuses windows outside the limits, naming the limit', () => {
    expect(checkWindow(undefined, limits, 300_000)).toEqual({ ms: 300_000, promql: '5m' });
    expect(checkWindow('2h', limits, 300_000)).toEqual({ ms: 7_200_000, promql: '2h' });
    expect(() => checkWindow('7h', limits, 300_000)).toThrow('window: 7h is outside the allowed range 1m..6h');
    expect(() => checkWindow('30s', limits, 300_000)).toThrow('1m..6h');
  });

  it('knows the reporters and lists', () => {
    expect(checkReporter(undefined)).toBe('both');
    expect(() => checkReporter('proxy')).toThrow("reporter: 'proxy' is not a reporter; expected source, destination or both");
    expect(listParam({ clusters: 'east, west' }, 'clusters')).toEqual(['east', 'west']);
    expect(() => listParam({ clusters: ',' }, 'clusters')).toThrow('clusters: empty');
  });
});
