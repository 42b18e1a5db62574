import { mockCredentials, startTestBackend } from '@backstage/backend-test-utils';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import catalogBackend from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { catalogModuleMesh } from './module';
import { MeshEntityProvider } from './MeshEntityProvider';

jest.setTimeout(60_000);

describe('catalogModuleMesh', () => {
  it('registers the mesh entity provider with the catalog', async () => {
    const addEntityProvider = jest.fn();
    await startTestBackend({
      extensionPoints: [[catalogProcessingExtensionPoint, { addEntityProvider, addProcessor: jest.fn() }]],
      features: [catalogModuleMesh],
    });
    expect(addEntityProvider).toHaveBeenCalledTimes(1);
    const [provider] = addEntityProvider.mock.calls[0];
    expect(provider).toBeInstanceOf(MeshEntityProvider);
    expect(provider.getProviderName()).toBe('meshfleet-mesh');
  });

  it('loads beside the real catalog backend, which then serves its API', async () => {
    const { server } = await startTestBackend({ features: [catalogBackend, catalogModuleMesh] });
    const response = await request(server).get('/api/catalog/entities').set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
  });
});
