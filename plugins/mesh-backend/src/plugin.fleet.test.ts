import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ensureFleet, FleetEnv } from '@meshfleet/fleet';
import request from 'supertest';
import { expectToMatchOpenApi } from './__testUtils__/openApiValidator';
import { meshPlugin } from './plugin';

jest.setTimeout(180_000);

function kubernetesConfig(env: FleetEnv) {
  return {
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: env.clusters
            .filter(c => ['mesh-cp', 'east', 'west'].includes(c.name))
            .map(c => ({
              name: c.name,
              url: c.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: c.serviceAccountToken,
              caData: c.caData,
            })),
        },
      ],
    },
  };
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last).slice(0, 2000)}`);
    }
    await new Promise(resolve => setTimeout(resolve, 500));
    last = await read();
  }
  return last;
}

describe('mesh backend against the local fleet', () => {
  it('reads the real clusters configured for the Kubernetes plugin and serves them', async () => {
    const env = await ensureFleet({ clusters: 3 });
    const { server } = await startTestBackend({
      features: [meshPlugin, mockServices.rootConfig.factory({ data: kubernetesConfig(env) })],
    });
    const get = async (path: string) =>
      request(server).get(`/api/mesh${path}`).set('Authorization', mockCredentials.user.header());

    const clusters = await eventually(
      async () => (await get('/clusters')).body,
      (body: any[]) => body.length === 3 && body.every(c => c.reachability === 'reachable'),
      'the three fleet clusters to be read',
    );
    expectToMatchOpenApi('/clusters', 'get', 200, clusters);
    expect(clusters.map((c: any) => c.name).sort()).toEqual(['east', 'mesh-cp', 'west']);
    for (const cluster of clusters) {
      expect(cluster.kubernetesVersion).toMatch(/^v1\.\d+\.\d+/);
      expect(cluster.lastSyncAt).toEqual(expect.any(String));
      // Tokens never travel in the API.
      expect(JSON.stringify(cluster)).not.toContain(env.clusters[0].serviceAccountToken);
    }

    const meshes = await get('/meshes');
    expect(meshes.status).toBe(200);
    expectToMatchOpenApi('/meshes', 'get', 200, meshes.body);
  });
});
