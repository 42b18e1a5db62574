import { ConfigReader } from '@backstage/config';
import { MeshfleetClusterStrategy } from './MeshfleetClusterStrategy';

const strategy = MeshfleetClusterStrategy.fromConfig(
  new ConfigReader({
    meshfleet: {
      clusters: [
        { name: 'east', url: 'https://east.example:6443', authProvider: 'serviceAccount', serviceAccountToken: 'token-east' },
        // Two logical clusters on one API server.
        { name: 'shard-a', url: 'https://shared.example:6443/', authProvider: 'serviceAccount', serviceAccountToken: 'token-a' },
        { name: 'shard-b', url: 'https://shared.example:6443', authProvider: 'serviceAccount', serviceAccountToken: 'token-b' },
        { name: 'tokenless', url: 'https://tokenless.example:6443', authProvider: 'serviceAccount' },
      ],
    },
  }),
);

const entity = (name: string, url: string, title?: string) => ({ name, url, title, authMetadata: {} });

describe('MeshfleetClusterStrategy', () => {
  it("gives a cluster entity the token configured for its API server's URL", async () => {
    await expect(strategy.getCredential(entity('meshfleet-east', 'https://east.example:6443', 'east'))).resolves.toEqual({
      type: 'bearer token',
      token: 'token-east',
    });
  });

  it('tells logical clusters on one URL apart by the entity title (the cluster name)', async () => {
    await expect(strategy.getCredential(entity('x', 'https://shared.example:6443', 'shard-b'))).resolves.toEqual({
      type: 'bearer token',
      token: 'token-b',
    });
    await expect(strategy.getCredential(entity('x', 'https://shared.example:6443', 'shard-c'))).rejects.toThrow(
      "cluster entity 'x' with auth provider meshfleet: 2 clusters of meshfleet.clusters have API server https://shared.example:6443 (shard-a, shard-b) and none is named 'shard-c'",
    );
  });

  it('never sends a token to a URL it is not configured for, whatever the entity is called', async () => {
    await expect(strategy.getCredential(entity('east', 'https://attacker.example', 'east'))).rejects.toThrow(
      "cluster entity 'east' with auth provider meshfleet: no cluster of meshfleet.clusters has API server https://attacker.example",
    );
  });

  it('names the cluster without a token', async () => {
    await expect(strategy.getCredential(entity('t', 'https://tokenless.example:6443'))).rejects.toThrow(
      "meshfleet.clusters: cluster 'tokenless' has no serviceAccountToken, which the meshfleet auth provider of cluster entity 't' needs",
    );
  });

  it('shows nothing of the configuration', () => {
    expect(strategy.presentAuthMetadata()).toEqual({});
    expect(strategy.validateCluster()).toEqual([]);
  });
});
