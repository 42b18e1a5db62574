import { ConfigReader } from '@backstage/config';
import { backoffDelay } from './backoff';
import { catalogEntityToCluster } from './catalogClusters';
import { readConfigClusters } from './configClusters';
import { describeError } from './describeError';

describe('backoffDelay', () => {
  it('doubles from 1 s to a 60 s cap, with jitter around the base', () => {
    const noJitter = () => 0.5;
    expect([0, 1, 2, 6, 7, 20].map(a => backoffDelay(a, {}, noJitter))).toEqual(
      [1000, 2000, 4000, 60000, 60000, 60000],
    );
    expect(backoffDelay(0, {}, () => 0)).toBe(800);
    expect(backoffDelay(0, {}, () => 1)).toBe(1200);
  });
});

describe('readConfigClusters', () => {
  it('reads config locator clusters like the Kubernetes plugin', () => {
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'catalog' },
          {
            type: 'config',
            clusters: [
              {
                name: 'east',
                url: 'https://e:6443',
                authProvider: 'serviceAccount',
                serviceAccountToken: 't',
                caData: 'Q0E=',
              },
            ],
          },
        ],
      },
    });
    expect(readConfigClusters(config)).toEqual([
      {
        name: 'east',
        url: 'https://e:6443',
        source: 'config',
        skipTLSVerify: false,
        caData: 'Q0E=',
        caFile: undefined,
        authMetadata: {
          'kubernetes.io/auth-provider': 'serviceAccount',
          serviceAccountToken: 't',
        },
      },
    ]);
  });

  it('keeps skipMetricsLookup, so the catalog can tell the Kubernetes plugin', () => {
    const cluster = (skipMetricsLookup?: boolean) => ({
      name: 'east',
      url: 'https://e:6443',
      authProvider: 'serviceAccount',
      ...(skipMetricsLookup !== undefined && { skipMetricsLookup }),
    });
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'config', clusters: [cluster(true), { ...cluster(false), name: 'west' }, { ...cluster(), name: 'north' }] },
        ],
      },
    });
    expect(readConfigClusters(config).map(c => [c.name, c.skipMetricsLookup])).toEqual([
      ['east', true],
      ['west', undefined],
      ['north', undefined],
    ]);
  });

  it('names the cluster that lacks an auth provider', () => {
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'config', clusters: [{ name: 'x', url: 'https://x' }] },
        ],
      },
    });
    expect(() => readConfigClusters(config)).toThrow(
      /cluster 'x' has no authProvider/,
    );
  });
});

describe('catalogEntityToCluster', () => {
  const entity = (annotations: Record<string, string>) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'east', annotations },
    spec: { type: 'kubernetes-cluster' },
  });

  it('reads the kubernetes.io annotations', () => {
    const result = catalogEntityToCluster(
      entity({
        'kubernetes.io/api-server': 'https://east.example:6443',
        'kubernetes.io/api-server-certificate-authority': 'Q0E=',
        'kubernetes.io/auth-provider': 'oidc',
        'kubernetes.io/skip-metrics-lookup': 'true',
      }),
    );
    expect(result).toEqual({
      cluster: expect.objectContaining({
        name: 'east',
        url: 'https://east.example:6443',
        source: 'catalog',
        caData: 'Q0E=',
        skipMetricsLookup: true,
      }),
    });
  });

  it("ignores the cluster entities Meshfleet's catalog module emits", () => {
    const emitted = entity({
      'backstage.io/managed-by-location':
        'meshfleet-mesh:http://localhost:7007/api/mesh',
      'backstage.io/managed-by-origin-location':
        'meshfleet-mesh:http://localhost:7007/api/mesh',
      'kubernetes.io/api-server': 'https://east.example:6443',
      'kubernetes.io/auth-provider': 'oidc',
    });
    expect(catalogEntityToCluster(emitted)).toEqual({
      ignored: expect.stringContaining("emitted by Meshfleet's catalog module"),
    });
    const registeredByAPerson = entity({
      'backstage.io/managed-by-location': 'url:https://git.example/clusters.yaml',
      'backstage.io/managed-by-origin-location':
        'url:https://git.example/clusters.yaml',
      'kubernetes.io/api-server': 'https://east.example:6443',
      'kubernetes.io/auth-provider': 'oidc',
    });
    expect(catalogEntityToCluster(registeredByAPerson)).toHaveProperty(
      'cluster',
    );
  });

  it('ignores serviceAccount and non-HTTPS clusters, as the Kubernetes plugin does', () => {
    expect(
      catalogEntityToCluster(
        entity({
          'kubernetes.io/api-server': 'https://e',
          'kubernetes.io/auth-provider': 'serviceAccount',
        }),
      ),
    ).toEqual({ ignored: expect.stringContaining('serviceAccount') });
    expect(
      catalogEntityToCluster(
        entity({
          'kubernetes.io/api-server': 'http://e',
          'kubernetes.io/auth-provider': 'oidc',
        }),
      ),
    ).toEqual({ ignored: expect.stringContaining('not HTTPS') });
  });
});

describe('describeError', () => {
  it('keeps HTTP status and the API server message, not headers or tokens', () => {
    const apiError = {
      code: 403,
      body: '{"kind":"Status","message":"secrets is forbidden"}',
      headers: { authorization: 'Bearer abc' },
    };
    expect(describeError(apiError)).toBe('HTTP 403: secrets is forbidden');
  });

  it('keeps network codes and redacts bearer tokens', () => {
    const error = Object.assign(new Error('request failed, Bearer abc.def'), {
      code: 'ECONNREFUSED',
    });
    expect(describeError(error)).toBe(
      'ECONNREFUSED: request failed, <redacted>',
    );
  });
});
