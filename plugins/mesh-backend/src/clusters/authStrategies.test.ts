import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ClusterCredentials } from './authStrategies';
import type { MeshCluster } from './types';

function cluster(authMetadata: Record<string, string>): MeshCluster {
  return { name: 'east', url: 'https://east:6443', source: 'config', authMetadata };
}

const credentials = ClusterCredentials.fromConfig({
  config: new ConfigReader({}),
  logger: mockServices.logger.mock(),
});

describe('ClusterCredentials', () => {
  it("takes a serviceAccount cluster's token through the Kubernetes plugin's strategy", async () => {
    await expect(
      credentials.getCredential(
        cluster({
          'kubernetes.io/auth-provider': 'serviceAccount',
          serviceAccountToken: 'token-of-east',
        }),
      ),
    ).resolves.toEqual({ type: 'bearer token', token: 'token-of-east' });
  });

  it('reaches localKubectlProxy clusters without a credential', async () => {
    await expect(
      credentials.getCredential(
        cluster({ 'kubernetes.io/auth-provider': 'localKubectlProxy' }),
      ),
    ).resolves.toEqual({ type: 'anonymous' });
  });

  it.each(['oidc', 'google', 'aks'])(
    "says a '%s' cluster needs a signed-in user's token",
    provider => {
      expect(
        credentials.userCredentialReason(
          cluster({ 'kubernetes.io/auth-provider': provider }),
        ),
      ).toBe(`needs a signed-in user's token (auth provider '${provider}')`);
    },
  );

  it.each(['serviceAccount', 'aws', 'azure', 'googleServiceAccount'])(
    "reads a '%s' cluster on its own",
    provider => {
      expect(
        credentials.userCredentialReason(
          cluster({ 'kubernetes.io/auth-provider': provider }),
        ),
      ).toBeUndefined();
    },
  );

  it('names an auth provider it has no strategy for, and those it has', async () => {
    await expect(
      credentials.getCredential(
        cluster({ 'kubernetes.io/auth-provider': 'custom' }),
      ),
    ).rejects.toThrow(
      "cluster east uses auth provider 'custom', which Meshfleet cannot use; server-side providers it supports: aws, azure, googleServiceAccount, localKubectlProxy, serviceAccount",
    );
  });
});
