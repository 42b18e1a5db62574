import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import catalogBackend from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { hostedMesh, TEST_CLUSTER_SOURCE, TestMeshBackend } from './__testUtils__/meshBackend';
import { catalogModuleMesh } from './module';
import { MeshMembershipProcessor } from './processor/MeshMembershipProcessor';
import { MeshEntityProvider } from './provider/MeshEntityProvider';

jest.setTimeout(90_000);

/**
 * The test backend's scheduler runs each task once at startup and never on a
 * timer, so after the first full sync only the mesh backend's model-changed
 * events bring changes (as they do between full syncs in production).
 */
const providerConfig = {
  catalog: {
    providers: {
      meshfleet: { schedule: { frequency: { minutes: 10 }, timeout: { minutes: 1 } } },
    },
  },
};

/** Polls the catalog until the entity exists and `accept` says it is as expected. */
async function waitForEntity(
  server: any,
  ref: string,
  accept: (e: Entity) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<Entity> {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const res = await request(server)
      .get(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`)
      .set('Authorization', mockCredentials.user.header());
    if (res.status === 200 && accept(res.body)) {
      return res.body;
    }
    last = res.status === 200 ? res.body : res.status;
    if (Date.now() > deadline) {
      throw new Error(`${ref} not as expected within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

const relationsOf = (e: Entity) => (e.relations ?? []).map(r => `${r.type} ${r.targetRef}`).sort();

describe('catalogModuleMesh', () => {
  it('registers the entity provider and the processor with the catalog', async () => {
    const addEntityProvider = jest.fn();
    const addProcessor = jest.fn();
    await startTestBackend({
      extensionPoints: [[catalogProcessingExtensionPoint, { addEntityProvider, addProcessor }]],
      features: [catalogModuleMesh],
    });
    expect(addEntityProvider).toHaveBeenCalledTimes(1);
    const [provider] = addEntityProvider.mock.calls[0];
    expect(provider).toBeInstanceOf(MeshEntityProvider);
    expect(provider.getProviderName()).toBe('meshfleet-mesh');
    expect(addProcessor).toHaveBeenCalledTimes(1);
    expect(addProcessor.mock.calls[0][0]).toBeInstanceOf(MeshMembershipProcessor);
  });

  it('loads beside the real catalog backend, which then serves its API', async () => {
    const { server } = await startTestBackend({ features: [catalogBackend, catalogModuleMesh] });
    const response = await request(server).get('/api/catalog/entities').set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
  });

  describe('with the real mesh backend', () => {
    it('emits a registered mesh and its clusters, related by dependsOn', async () => {
      const backend = await TestMeshBackend.start(
        ['east', 'west'],
        [
          catalogBackend,
          catalogModuleMesh,
          // The real events service: one in-process bus shared by all plugins, as
          // in production (the test backend's default gives each plugin its own mock).
          eventsServiceFactory,
          mockServices.rootConfig.factory({ data: { ...providerConfig, events: { useEventBus: 'never' } } }),
        ],
      );
      const { server } = backend;
      await backend.register(hostedMesh('shop', 'east', ['west']));

      const shop = await waitForEntity(server, 'resource:default/shop', e => relationsOf(e).length >= 3);
      expect(shop.spec).toMatchObject({ type: 'service-mesh', owner: 'group:default/shop-team' });
      expect(shop.metadata.title).toBe('Mesh shop');
      expect(shop.metadata.annotations).toMatchObject({
        'meshfleet.io/mesh-id': 'shop',
        'meshfleet.io/mesh-type': 'hosted',
        'meshfleet.io/trust-domain': 'cluster.local',
        'meshfleet.io/control-plane-cluster': 'east',
      });
      expect(shop.metadata.annotations?.['backstage.io/managed-by-location']).toBe('meshfleet-mesh:mesh');
      expect(relationsOf(shop)).toEqual(
        expect.arrayContaining([
          `dependsOn resource:default/${TEST_CLUSTER_SOURCE}-east`,
          `dependsOn resource:default/${TEST_CLUSTER_SOURCE}-west`,
          'ownedBy group:default/shop-team',
        ]),
      );
      const west = await waitForEntity(server, `resource:default/${TEST_CLUSTER_SOURCE}-west`, e =>
        relationsOf(e).includes('dependencyOf resource:default/shop'),
      );
      expect(west.spec).toMatchObject({ type: 'kubernetes-cluster' });
      expect(west.metadata.annotations).toMatchObject({
        'kubernetes.io/api-server': 'https://127.0.0.1:9',
        'meshfleet.io/cluster-name': 'west',
        'meshfleet.io/reachability': 'unreachable',
      });

    });
  });
});
