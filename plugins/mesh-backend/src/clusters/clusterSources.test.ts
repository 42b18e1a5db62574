import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { KubernetesPluginClusterSource } from './clusterSources';

const MESHFLEET_LOCATION = 'meshfleet-mesh:http://localhost:7007/api/mesh';

/** A cluster entity as Meshfleet's catalog module emits it for config cluster `name`. */
function meshfleetClusterEntity(name: string, url: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `config-${name}`,
      namespace: 'default',
      title: name,
      annotations: {
        'backstage.io/managed-by-location': MESHFLEET_LOCATION,
        'backstage.io/managed-by-origin-location': MESHFLEET_LOCATION,
        'kubernetes.io/api-server': url,
        'kubernetes.io/auth-provider': 'oidc',
        'kubernetes.io/api-server-certificate-authority': 'Q0E=',
        'meshfleet.io/cluster-name': name,
        'meshfleet.io/cluster-source': 'config',
        'meshfleet.io/reachability': 'reachable',
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'group:default/platform-team' },
  };
}

/** A cluster a team registered in the catalog itself. */
const teamCluster: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'team-dev',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': 'url:https://git.example/team/catalog-info.yaml',
      'backstage.io/managed-by-origin-location': 'url:https://git.example/team/catalog-info.yaml',
      'kubernetes.io/api-server': 'https://team-dev.example:6443',
      'kubernetes.io/api-server-certificate-authority': 'Q0E=',
      'kubernetes.io/auth-provider': 'oidc',
      'kubernetes.io/oidc-token-provider': 'gitlab',
    },
  },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/team' },
};

describe('KubernetesPluginClusterSource with config and catalog locators', () => {
  it("lists config and team-registered clusters once each, never Meshfleet's own entities", async () => {
    const rootConfig = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: ['mesh-cp', 'east'].map(name => ({
              name,
              url: `https://${name}.example:6443`,
              authProvider: 'serviceAccount',
              serviceAccountToken: `token-${name}`,
            })),
          },
          { type: 'catalog' },
        ],
      },
    });
    const catalog = catalogServiceMock({
      entities: [
        meshfleetClusterEntity('mesh-cp', 'https://mesh-cp.example:6443'),
        meshfleetClusterEntity('east', 'https://east.example:6443'),
        teamCluster,
      ],
    });
    const source = new KubernetesPluginClusterSource({
      rootConfig,
      logger: mockServices.logger.mock(),
      catalog: { service: catalog, auth: mockServices.auth() },
      suppliers: [],
    });

    const clusters = await source.listClusters();

    expect(clusters.map(c => [c.source, c.name, c.url])).toEqual([
      ['config', 'mesh-cp', 'https://mesh-cp.example:6443'],
      ['config', 'east', 'https://east.example:6443'],
      ['catalog', 'team-dev', 'https://team-dev.example:6443'],
    ]);
    expect(clusters[2].authMetadata).toEqual({
      'kubernetes.io/api-server': 'https://team-dev.example:6443',
      'kubernetes.io/api-server-certificate-authority': 'Q0E=',
      'kubernetes.io/auth-provider': 'oidc',
      'kubernetes.io/oidc-token-provider': 'gitlab',
    });
  });
});

describe('KubernetesPluginClusterSource with meshfleet.clusters and a catalog-only Kubernetes plugin', () => {
  const clusterConfig = (name: string) => ({
    name,
    url: `https://${name}.example:6443`,
    authProvider: 'serviceAccount',
    serviceAccountToken: `token-${name}`,
    caData: 'Q0E=',
  });

  it('reads meshfleet.clusters and still skips the entities Meshfleet emitted for them', async () => {
    const rootConfig = new ConfigReader({
      kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }] },
      meshfleet: { clusters: [clusterConfig('east'), clusterConfig('west')] },
    });
    const source = new KubernetesPluginClusterSource({
      rootConfig,
      logger: mockServices.logger.mock(),
      catalog: {
        service: catalogServiceMock({ entities: [meshfleetClusterEntity('east', 'https://east.example:6443'), teamCluster] }),
        auth: mockServices.auth(),
      },
      suppliers: [],
    });

    const clusters = await source.listClusters();

    expect(clusters.map(c => [c.source, c.name, c.url])).toEqual([
      ['meshfleet.clusters', 'east', 'https://east.example:6443'],
      ['meshfleet.clusters', 'west', 'https://west.example:6443'],
      ['catalog', 'team-dev', 'https://team-dev.example:6443'],
    ]);
    expect(clusters[0].authMetadata).toEqual({ 'kubernetes.io/auth-provider': 'serviceAccount', serviceAccountToken: 'token-east' });
  });

  it('names the entry without an auth provider', () => {
    const rootConfig = new ConfigReader({ meshfleet: { clusters: [{ name: 'east', url: 'https://east.example:6443' }] } });
    expect(
      () => new KubernetesPluginClusterSource({ rootConfig, logger: mockServices.logger.mock(), suppliers: [] }),
    ).toThrow("meshfleet.clusters: cluster 'east' has no authProvider (or authMetadata.kubernetes.io/auth-provider)");
  });
});
