import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { MeshEntityProvider } from './MeshEntityProvider';

const cluster: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'east' },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/platform-team' },
};

describe('MeshEntityProvider', () => {
  const logger = mockServices.logger.mock();

  it('refuses to refresh before the catalog has connected it', async () => {
    const provider = new MeshEntityProvider(async () => [cluster], logger);
    await expect(provider.refresh()).rejects.toThrow('refresh() called before the catalog connected the provider');
  });

  it('replaces its entities with a full mutation keyed by its location', async () => {
    const connection: jest.Mocked<EntityProviderConnection> = { applyMutation: jest.fn(), refresh: jest.fn() };
    const provider = new MeshEntityProvider(async () => [cluster], logger);
    await provider.connect(connection);
    await provider.refresh();
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [{ entity: cluster, locationKey: 'meshfleet-mesh:' }],
    });
  });
});
