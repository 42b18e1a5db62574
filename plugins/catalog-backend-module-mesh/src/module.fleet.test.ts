import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import catalogBackend from '@backstage/plugin-catalog-backend';
// The mesh backend is the provider's data source; only tests import it.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import meshBackend, { DatabaseMeshStore } from '@meshfleet/plugin-mesh-backend';
import { ensureFleet, FleetCluster, readFleetEnv, startCluster, stopCluster } from '@meshfleet/fleet';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { catalogModuleMesh } from './module';

jest.setTimeout(240_000);

/** mesh-cp, east and west are shared with other tests; member-05 is this test's to stop. */
const CLUSTERS = ['mesh-cp', 'east', 'west', 'member-05'];
const OUTAGE_CLUSTER = 'member-05';

function backendConfig(clusters: FleetCluster[]) {
  return {
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: clusters.map(c => ({
            name: c.name,
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: c.serviceAccountToken,
            caData: c.caData,
          })),
        },
      ],
    },
    // One full sync at start (the test scheduler never repeats it): every later
    // change must arrive through the mesh backend's change events.
    catalog: { providers: { meshfleet: { schedule: { frequency: { minutes: 10 }, timeout: { minutes: 1 } } } } },
    events: { useEventBus: 'never' },
  };
}

/** A hosted mesh stored in the mesh backend, over fleet clusters, so its relations are known. */
const storeMesh = createBackendModule({
  pluginId: 'mesh',
  moduleId: 'fleet-test-seed',
  register(reg) {
    reg.registerInit({
      deps: { database: coreServices.database },
      async init({ database }) {
        const store = await DatabaseMeshStore.create({ database });
        await store.createMesh({
          id: 'fleet-test',
          title: 'Fleet test mesh',
          type: 'hosted',
          controlPlaneCluster: OUTAGE_CLUSTER,
          trustDomain: 'cluster.local',
          revision: 'default',
          members: [{ cluster: 'west', network: 'net-west' }],
        });
      },
    });
  },
});

async function waitForEntity(server: any, name: string, accept: (e: Entity) => boolean, what: string): Promise<Entity> {
  const deadline = Date.now() + 90_000;
  let last: unknown;
  for (;;) {
    const res = await request(server)
      .get(`/api/catalog/entities/by-name/resource/default/${name}`)
      .set('Authorization', mockCredentials.user.header());
    if (res.status === 200 && accept(res.body)) {
      return res.body;
    }
    last = res.status === 200 ? res.body.metadata?.annotations : res.status;
    if (Date.now() > deadline) {
      throw new Error(`resource:default/${name} did not become ${what}; last: ${JSON.stringify(last)}`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

const reachability = (e: Entity) => e.metadata.annotations?.['meshfleet.io/reachability'];

/**
 * The fleet with member-05 up. `fleet up` (ensureFleet) restarts every stopped
 * cluster in range, which would end another test's deliberate outage (mesh-node's
 * test stops member-04), so it only runs when member-05 is not up already; the test
 * command starts all five clusters before jest.
 */
async function fleetWithOutageCluster() {
  const env = await readFleetEnv().catch(() => undefined);
  if (env?.clusters.some(c => c.name === OUTAGE_CLUSTER && c.up)) {
    return env;
  }
  return ensureFleet({ clusters: 5 });
}

describe('catalog module against the local fleet', () => {
  it('puts the real clusters and a mesh into the catalog, and keeps an unreachable cluster, marked', async () => {
    const env = await fleetWithOutageCluster();
    const clusters = env.clusters.filter(c => CLUSTERS.includes(c.name));
    expect(clusters.map(c => c.name).sort()).toEqual([...CLUSTERS].sort());

    const { server } = await startTestBackend({
      features: [
        catalogBackend,
        catalogModuleMesh,
        meshBackend,
        storeMesh,
        eventsServiceFactory,
        mockServices.rootConfig.factory({ data: backendConfig(clusters) }),
      ],
    });

    for (const cluster of clusters) {
      const entity = await waitForEntity(server, `config-${cluster.name}`, e => reachability(e) === 'reachable', 'reachable');
      expect(entity.spec).toMatchObject({ type: 'kubernetes-cluster' });
      expect(entity.metadata.annotations).toMatchObject({
        'kubernetes.io/api-server': cluster.url,
        'kubernetes.io/api-server-certificate-authority': cluster.caData,
        'kubernetes.io/auth-provider': 'serviceAccount',
        'meshfleet.io/cluster-name': cluster.name,
      });
      expect(JSON.stringify(entity)).not.toContain(cluster.serviceAccountToken);
    }

    const mesh = await waitForEntity(server, 'fleet-test', () => true, 'present');
    expect(mesh.spec).toMatchObject({ type: 'service-mesh' });
    const relations = (mesh.relations ?? []).map(r => `${r.type} ${r.targetRef}`).sort();
    expect(relations).toEqual(
      expect.arrayContaining([
        `dependsOn resource:default/config-${OUTAGE_CLUSTER}`,
        'dependsOn resource:default/config-west',
      ]),
    );

    await stopCluster(OUTAGE_CLUSTER);
    try {
      const down = await waitForEntity(
        server,
        `config-${OUTAGE_CLUSTER}`,
        e => reachability(e) === 'unreachable',
        'marked unreachable (and kept)',
      );
      expect(down.metadata.annotations?.['meshfleet.io/last-error']).toEqual(expect.any(String));
      expect(down.metadata.annotations?.['meshfleet.io/unreachable-since']).toEqual(expect.any(String));
      // The other clusters are unaffected.
      const west = await waitForEntity(server, 'config-west', () => true, 'present');
      expect(reachability(west)).toBe('reachable');
    } finally {
      await startCluster(OUTAGE_CLUSTER);
    }
  });
});

describe('catalog module and the demo mesh of the local fleet', () => {
  let tmp: string | undefined;
  afterAll(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  it('relates a Component whose service runs in the demo mesh to that mesh, both ways', async () => {
    // `fleet up --clusters 3 --demo` (the test command) installed the demo mesh: istiod
    // in mesh-cp, east and west as remotes, the shop services (cart among them) in both.
    const env = await readFleetEnv();
    const demoClusters = env.clusters.filter(c => ['mesh-cp', 'east', 'west'].includes(c.name));
    expect(demoClusters.map(c => `${c.name} ${c.up ? 'up' : 'down'}`).sort()).toEqual(['east up', 'mesh-cp up', 'west up']);
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
    const config = backendConfig(demoClusters);
    const { server } = await startTestBackend({
      features: [
        catalogBackend,
        catalogModuleMesh,
        meshBackend,
        eventsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            ...config,
            catalog: {
              ...config.catalog,
              locations: [{ type: 'file', target: catalogInfo }],
              // Until discovery has read the clusters the model has no services; the
              // Component is processed again soon rather than after the default minutes.
              processingInterval: { seconds: 5 },
            },
          },
        }),
      ],
    });

    const relations = (e: Entity) => (e.relations ?? []).map(r => `${r.type} ${r.targetRef}`);
    await waitForEntity(server, 'demo', e => relations(e).includes('dependencyOf component:default/cart'), 'related to cart');
    const cart = await request(server)
      .get('/api/catalog/entities/by-name/component/default/cart')
      .set('Authorization', mockCredentials.user.header());
    expect(relations(cart.body)).toContain('dependsOn resource:default/demo');
    // Nothing but relations is added to the Component.
    expect(Object.keys(cart.body.metadata.annotations ?? {}).filter((k: string) => k.startsWith('meshfleet.io/'))).toEqual([]);
  });
});
