import type { MeshPolicy } from '@meshfleet/plugin-mesh-common';
import { policiesForService, selectsService } from './servicePolicies';

const target = {
  namespace: 'shop',
  name: 'catalog',
  hostname: 'catalog.shop.svc.cluster.local',
  selector: { app: 'catalog' },
};

function policy(
  kind: string,
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
): MeshPolicy {
  return {
    apiVersion: 'x/v1',
    kind,
    metadata: { name, namespace },
    spec,
    cluster: 'mesh-cp',
    managedBy: ['meshfleet'],
  };
}

describe('policiesForService', () => {
  it('takes host-matched routing, selector-matched workload policies, and namespace- and mesh-wide ones, with their scope', () => {
    const policies = [
      policy('VirtualService', 'shop', 'catalog', { hosts: ['catalog'] }),
      policy('VirtualService', 'payments', 'catalog-from-payments', {
        hosts: ['catalog'],
      }),
      policy('DestinationRule', 'payments', 'catalog', {
        host: 'catalog.shop.svc.cluster.local',
      }),
      policy('VirtualService', 'shop', 'all-shop', {
        hosts: ['*.shop.svc.cluster.local'],
      }),
      policy('DestinationRule', 'istio-system', 'everything', {
        host: '*.cluster.local',
      }),
      policy('AuthorizationPolicy', 'shop', 'catalog-v2', {
        selector: { matchLabels: { app: 'catalog', version: 'v2' } },
      }),
      policy('AuthorizationPolicy', 'shop', 'cart', {
        selector: { matchLabels: { app: 'cart' } },
      }),
      policy('Sidecar', 'shop', 'catalog', {
        workloadSelector: { labels: { app: 'catalog' } },
      }),
      policy('PeerAuthentication', 'shop', 'default', {
        mtls: { mode: 'STRICT' },
      }),
      policy('PeerAuthentication', 'payments', 'default', {
        mtls: { mode: 'STRICT' },
      }),
      policy('Telemetry', 'istio-system', 'mesh-default', {}),
      policy('RequestAuthentication', 'istio-system', 'gateway-jwt', {
        selector: { matchLabels: { istio: 'ingressgateway' } },
      }),
      policy('Gateway', 'shop', 'shop-gateway', {
        selector: { istio: 'ingressgateway' },
      }),
    ];
    const found = policiesForService(policies, target).map(
      p =>
        `${p.scope} ${p.policy.kind} ${p.policy.metadata.namespace}/${p.policy.metadata.name}`,
    );
    expect(found).toEqual([
      'service VirtualService shop/catalog',
      'service DestinationRule payments/catalog',
      'service AuthorizationPolicy shop/catalog-v2',
      'service Sidecar shop/catalog',
      'namespace VirtualService shop/all-shop',
      'namespace PeerAuthentication shop/default',
      'mesh DestinationRule istio-system/everything',
      'mesh Telemetry istio-system/mesh-default',
    ]);
  });
});

describe('selectsService', () => {
  it('needs a shared label and agreement on every shared one', () => {
    expect(selectsService({ app: 'catalog' }, { app: 'catalog' })).toBe(true);
    expect(
      selectsService({ app: 'catalog', version: 'v2' }, { app: 'catalog' }),
    ).toBe(true);
    expect(selectsService({ app: 'cart' }, { app: 'catalog' })).toBe(false);
    expect(selectsService({ version: 'v2' }, { app: 'catalog' })).toBe(false);
  });
});
