import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
// The mesh backend is the provider's data source; only tests import it.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import meshBackend from '@meshfleet/plugin-mesh-backend';
import { meshClusterSupplierExtensionPoint } from '@meshfleet/plugin-mesh-node';
import { Server } from 'node:http';
import request from 'supertest';
import { catalogModuleMesh } from './module';

jest.setTimeout(90_000);

const CLUSTERS = ['mesh-cp', 'east'];

/** Clusters the mesh backend lists (at a closed port: known, never read), so meshes can be registered on them. */
const testClusters = createBackendModule({
  pluginId: 'mesh',
  moduleId: 'test-clusters',
  register(reg) {
    reg.registerInit({
      deps: { suppliers: meshClusterSupplierExtensionPoint },
      async init({ suppliers }) {
        suppliers.addClusterSupplier({
          name: 'test-clusters',
          getClusters: async () =>
            CLUSTERS.map(name => ({ name, url: 'https://127.0.0.1:9', authProvider: 'anonymous', source: 'test-clusters' })),
        });
      },
    });
  },
});

describe('a mesh registered through the mesh backend', () => {
  it('appears in the catalog within 5 seconds with its recorded owner', async () => {
    const { server } = await startTestBackend({
      features: [
        catalogBackend,
        catalogModuleMesh,
        meshBackend,
        testClusters,
        // One in-process bus shared by all plugins, as in production.
        eventsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            // One full sync at start, never again: the new mesh must come through the change event.
            catalog: { providers: { meshfleet: { schedule: { frequency: { minutes: 10 }, timeout: { minutes: 1 } } } } },
            events: { useEventBus: 'never' },
          },
        }),
      ],
    });
    await waitFor(server, '/api/mesh/clusters', body => CLUSTERS.every(c => body.some((x: { name: string }) => x.name === c)));

    const registered = await request(server)
      .post('/api/mesh/meshes')
      .set('Authorization', mockCredentials.user.header())
      .send({
        id: 'payments',
        title: 'Payments mesh',
        type: 'hosted',
        controlPlaneCluster: 'mesh-cp',
        controlPlaneNetwork: 'net-cp',
        members: [{ cluster: 'east', network: 'net-east' }],
        revision: 'default',
        trustDomain: 'cluster.local',
        owner: 'group:default/payments-team',
      });
    expect(registered.status).toBe(201);

    const entity: Entity = await waitFor(
      server,
      '/api/catalog/entities/by-name/resource/default/payments',
      body => body?.spec?.owner === 'group:default/payments-team',
      5_000,
    );
    expect(entity.metadata.title).toBe('Payments mesh');
    expect(entity.metadata.annotations).toMatchObject({
      'meshfleet.io/mesh-id': 'payments',
      'meshfleet.io/control-plane-cluster': 'mesh-cp',
    });
  });
});

/** Polls a GET route until its 200 body is accepted; fails naming the last answer after the deadline. */
async function waitFor(server: Server, path: string, accept: (body: any) => boolean, timeoutMs = 30_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await request(server).get(path).set('Authorization', mockCredentials.user.header());
    if (response.status === 200 && accept(response.body)) {
      return response.body;
    }
    if (Date.now() > deadline) {
      throw new Error(`GET ${path} not as expected within ${timeoutMs} ms; last: ${response.status} ${JSON.stringify(response.body)}`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}
