import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  listGoldenCases,
  TESTDATA_DIR,
  toRawObjects,
} from './__testUtils__/goldenCase';
import { createNamespaceFilter } from './namespaceFilter';
import { readClusterIstio } from './readClusterIstio';
import { readServices } from './services';
import {
  trimConfigMap,
  trimDeployment,
  trimNamespace,
  trimService,
  trimWebhook,
} from './trimObjects';
import type { RawClusterObjects } from './types';

function trimmed(raw: RawClusterObjects): RawClusterObjects {
  return {
    ...raw,
    deployments: raw.deployments.map(trimDeployment),
    configMaps: raw.configMaps.map(trimConfigMap),
    namespaces: raw.namespaces.map(trimNamespace),
    webhooks: raw.webhooks.map(trimWebhook),
    services: raw.services.map(trimService),
  };
}

function recordedClusters(caseName: string) {
  const input = parseYaml(
    fs.readFileSync(path.join(TESTDATA_DIR, caseName, 'input.yaml'), 'utf8'),
  );
  return input.clusters as Array<{
    name: string;
    url: string;
    objects?: Array<Record<string, any>>;
  }>;
}

describe('trimmed objects', () => {
  const includeNamespace = createNamespaceFilter();

  it.each(listGoldenCases())(
    'give the pipeline the same result as full objects: %s',
    caseName => {
      const clusters = recordedClusters(caseName);
      const knownClusters = clusters.map(c => ({ name: c.name, url: c.url }));
      for (const cluster of clusters.filter(c => c.objects)) {
        const raw = toRawObjects(cluster.name, cluster.objects!);
        const small = trimmed(raw);
        const options = { knownClusters, includeNamespace };
        expect(readClusterIstio(small, options)).toEqual(
          readClusterIstio(raw, options),
        );
        expect(readServices(small.services, includeNamespace)).toEqual(
          readServices(raw.services, includeNamespace),
        );
      }
    },
  );

  it('keep none of the bulk an API server sends', () => {
    const service = trimService({
      metadata: {
        name: 'reviews',
        namespace: 'shop',
        uid: 'b5c0…',
        labels: { app: 'reviews', team: 'books' },
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{…}',
        },
        managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
      },
      spec: {
        clusterIP: '10.96.0.12',
        clusterIPs: ['10.96.0.12'],
        ipFamilies: ['IPv4'],
        sessionAffinity: 'None',
        type: 'ClusterIP',
        selector: { app: 'reviews' },
        ports: [
          { name: 'http', port: 9080, protocol: 'TCP', targetPort: 9080 },
        ],
      },
      status: { loadBalancer: {} },
    });
    expect(service).toEqual({
      metadata: { name: 'reviews', namespace: 'shop' },
      spec: {
        type: 'ClusterIP',
        selector: { app: 'reviews' },
        ports: [
          { name: 'http', port: 9080, protocol: 'TCP', targetPort: 9080 },
        ],
      },
    });

    // A gateway's load balancer: its addresses, not their ports or modes.
    const gateway = trimService({
      metadata: { name: 'shop-ingress', namespace: 'istio-ingress' },
      spec: { type: 'LoadBalancer', clusterIP: '10.96.0.40' },
      status: {
        loadBalancer: {
          ingress: [
            { ip: '172.18.255.10', ipMode: 'VIP', ports: [{ port: 80, protocol: 'TCP' }] },
            { hostname: 'shop.example.com' },
          ],
        },
      },
    });
    expect(gateway.status).toEqual({
      loadBalancer: { ingress: [{ ip: '172.18.255.10' }, { hostname: 'shop.example.com' }] },
    });

    const webhook = trimWebhook({
      metadata: {
        name: 'istio-sidecar-injector',
        labels: { 'istio.io/rev': 'default', app: 'sidecar-injector' },
      },
      webhooks: [
        {
          name: 'rev.namespace.sidecar-injector.istio.io',
          admissionReviewVersions: ['v1'],
          sideEffects: 'None',
          clientConfig: {
            caBundle: 'LS0tLS1CRUdJTi…',
            service: {
              name: 'istiod',
              namespace: 'istio-system',
              path: '/inject',
            },
          },
          namespaceSelector: { matchLabels: { 'istio-injection': 'enabled' } },
        },
      ],
    });
    expect(webhook).toEqual({
      metadata: {
        name: 'istio-sidecar-injector',
        labels: { 'istio.io/rev': 'default' },
      },
      webhooks: [
        {
          clientConfig: {
            service: {
              name: 'istiod',
              namespace: 'istio-system',
              path: '/inject',
            },
          },
        },
      ],
    });
  });
});
