import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { coreServices, createBackendModule, createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { EventsService, eventsServiceFactory, eventsServiceRef } from '@backstage/plugin-events-node';
import catalogBackend from '@backstage/plugin-catalog-backend';
// The brief asks for one test against the real mesh backend plugin; only tests import it.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import meshBackend, { DatabaseMeshStore } from '@meshfleet/plugin-mesh-backend';
import { MESH_MODEL_CHANGED_TOPIC } from '@meshfleet/plugin-mesh-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { cluster, mesh, MeshBackendStub } from './__testUtils__/meshBackendStub';
import { catalogModuleMesh } from './module';
import { MeshMembershipProcessor } from './processor/MeshMembershipProcessor';
import { MeshEntityProvider } from './provider/MeshEntityProvider';

jest.setTimeout(90_000);

/**
 * The test backend's scheduler runs each task once at startup and never on a
 * timer, so after the first full sync only events bring changes: that is
 * what the 5-second test needs to show.
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
    it('emits its stored meshes, and a new mesh within 5 s of the model-changed event', async () => {
      let store: DatabaseMeshStore | undefined;
      let events: EventsService | undefined;
      const seed = createBackendModule({
        pluginId: 'mesh',
        moduleId: 'test-seed',
        register(reg) {
          reg.registerInit({
            deps: { database: coreServices.database, eventsService: eventsServiceRef },
            async init({ database, eventsService }) {
              store = await DatabaseMeshStore.create({ database });
              events = eventsService;
              await store.createMesh({
                id: 'shop',
                title: 'Shop mesh',
                type: 'hosted',
                controlPlaneCluster: 'east',
                trustDomain: 'cluster.local',
                istioVersion: '1.31.0',
                revision: '1-31-0',
                members: [{ cluster: 'west', network: 'net-west' }],
              });
            },
          });
        },
      });
      const { server } = await startTestBackend({
        features: [
          catalogBackend,
          catalogModuleMesh,
          meshBackend,
          seed,
          // The real events service: one in-process bus shared by all plugins, as
          // in production (the test backend's default gives each plugin its own mock).
          eventsServiceFactory,
          mockServices.rootConfig.factory({ data: { ...providerConfig, events: { useEventBus: 'never' } } }),
        ],
      });

      const shop = await waitForEntity(server, 'resource:default/shop');
      expect(shop.spec).toMatchObject({ type: 'service-mesh', owner: 'group:default/platform-team' });
      expect(shop.metadata.title).toBe('Shop mesh');
      expect(shop.metadata.annotations).toMatchObject({
        'meshfleet.io/mesh-id': 'shop',
        'meshfleet.io/mesh-type': 'hosted',
        // No revisions: they are actual state, and no cluster was read here.
        'meshfleet.io/istio-version': '1.31.0',
        'meshfleet.io/trust-domain': 'cluster.local',
        'meshfleet.io/control-plane-cluster': 'east',
      });
      expect(shop.metadata.annotations?.['backstage.io/managed-by-location']).toMatch(/^meshfleet-mesh:http:\/\/.*\/api\/mesh$/);

      await store!.createMesh({
        id: 'payments',
        title: 'Payments',
        type: 'dedicated',
        controlPlaneCluster: 'south',
        trustDomain: 'payments.local',
        revision: 'default',
        members: [],
      });
      const published = Date.now();
      await events!.publish({
        topic: MESH_MODEL_CHANGED_TOPIC,
        eventPayload: { clusters: ['south'], changedAt: new Date().toISOString() },
      });
      await waitForEntity(server, 'resource:default/payments', () => true, 5_000);
      expect(Date.now() - published).toBeLessThan(5_000);
    });
  });

  describe('with a stand-in for the mesh backend', () => {
    const stub = new MeshBackendStub();
    let tmp: string;
    afterAll(async () => {
      await stub.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('emits clusters and meshes related by dependsOn, and relates a Component to its mesh', async () => {
      const { discovery: stubDiscovery } = await stub.start();
      stub.model = {
        clusters: [cluster('east', { istioRole: 'control-plane' }), cluster('west', { istioRole: 'remote', network: 'net-west' })],
        meshes: [
          mesh('shop', 'east', ['west'], {
            services: [
              {
                namespace: 'shop',
                name: 'cart',
                hostname: 'cart.shop.svc.cluster.local',
                conflicts: [],
                instances: [{ cluster: 'west', ports: [], selector: { app: 'cart' }, injected: true }],
              },
            ],
          }),
        ],
      };
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'meshfleet-catalog-'));
      const catalogInfo = path.join(tmp, 'catalog-info.yaml');
      fs.writeFileSync(
        catalogInfo,
        [
          'apiVersion: backstage.io/v1alpha1',
          'kind: Component',
          'metadata:',
          '  name: cart',
          '  annotations:',
          '    backstage.io/kubernetes-id: cart',
          'spec:',
          '  type: service',
          '  lifecycle: production',
          '  owner: group:default/shop-team',
          '',
        ].join('\n'),
      );
      // The catalog reaches its own routes through discovery too; only `mesh` goes to the stand-in.
      const discovery = createServiceFactory({
        service: coreServices.discovery,
        deps: {},
        factory: () => ({
          getBaseUrl: async (id: string) => (id === 'mesh' ? stubDiscovery.getBaseUrl('mesh') : `http://localhost:0/api/${id}`),
          getExternalBaseUrl: async (id: string) => `http://localhost:0/api/${id}`,
        }),
      });
      const { server } = await startTestBackend({
        features: [
          catalogBackend,
          catalogModuleMesh,
          discovery,
          mockServices.rootConfig.factory({
            data: { ...providerConfig, catalog: { ...providerConfig.catalog, locations: [{ type: 'file', target: catalogInfo }] } },
          }),
        ],
      });

      const shop = await waitForEntity(server, 'resource:default/shop', e => relationsOf(e).length >= 3);
      expect(relationsOf(shop)).toEqual(
        expect.arrayContaining([
          'dependsOn resource:default/config-east',
          'dependsOn resource:default/config-west',
          'ownedBy group:default/platform-team',
        ]),
      );
      const west = await waitForEntity(server, 'resource:default/config-west');
      expect(west.metadata.annotations).toMatchObject({
        'kubernetes.io/api-server': 'https://west.example:6443',
        'meshfleet.io/cluster-role': 'remote',
        'meshfleet.io/network': 'net-west',
        'meshfleet.io/reachability': 'reachable',
      });
      expect(relationsOf(west)).toContain('dependencyOf resource:default/shop');

      const cart = await waitForEntity(server, 'component:default/cart', e =>
        relationsOf(e).includes('dependsOn resource:default/shop'),
      );
      // Nothing but relations is added to the Component.
      expect(Object.keys(cart.metadata.annotations ?? {}).filter(k => k.startsWith('meshfleet.io/'))).toEqual([]);
      const shopAgain = await waitForEntity(server, 'resource:default/shop', e =>
        relationsOf(e).includes('dependencyOf component:default/cart'),
      );
      expect(shopAgain.metadata.name).toBe('shop');
    });
  });
});
