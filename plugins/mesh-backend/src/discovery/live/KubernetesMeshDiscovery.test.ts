import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ClusterCredentials } from '../../clusters/authStrategies';
import type { MeshCluster } from '../../clusters/types';
import { KubernetesMeshDiscovery } from './KubernetesMeshDiscovery';

describe('KubernetesMeshDiscovery with a cluster that takes a user token', () => {
  const oidcCluster: MeshCluster = {
    name: 'team-dev',
    // Nothing listens here: any attempt to connect would fail the cluster as unreachable.
    url: 'https://127.0.0.1:1',
    source: 'catalog',
    authMetadata: {
      'kubernetes.io/auth-provider': 'oidc',
      'kubernetes.io/oidc-token-provider': 'gitlab',
    },
  };
  const credentials = ClusterCredentials.fromConfig({
    config: new ConfigReader({}),
    logger: mockServices.logger.mock(),
  });
  const getCredential = jest.spyOn(credentials, 'getCredential');
  const discovery = new KubernetesMeshDiscovery({
    clusterSource: { listClusters: async () => [oidcCluster] },
    credentials,
    logger: mockServices.logger.mock(),
    resyncIntervalMs: 60_000,
    backoff: { initialMs: 10, maxMs: 10 },
  });

  afterAll(() => discovery.stop());

  it('lists it as needing a signed-in user, with the reason, and never tries to read it', async () => {
    await discovery.start();
    await discovery.refresh('team-dev');
    await discovery.refresh();

    const [cluster] = discovery.getSnapshot().clusters;
    expect(cluster.status).toEqual({
      name: 'team-dev',
      url: 'https://127.0.0.1:1',
      source: 'catalog',
      authProvider: 'oidc',
      reachability: 'needs-user-credentials',
      error: "needs a signed-in user's token (auth provider 'oidc')",
    });
    expect(cluster.istio).toBeUndefined();
    expect(getCredential).not.toHaveBeenCalled();
  });
});
