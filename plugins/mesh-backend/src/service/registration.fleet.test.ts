import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ensureFleet, FleetEnv } from '@meshfleet/fleet';
import { Server } from 'node:http';
import request from 'supertest';
import { expectToMatchOpenApi } from '../__testUtils__/openApiValidator';
import { meshPlugin } from '../plugin';

jest.setTimeout(180_000);

/*
 * Registering the demo mesh (Helm-installed by `fleet up --demo`: istiod
 * 1.31.0 in mesh-cp, east and west as remotes on their own networks) against
 * the real fleet. The registration lives in this test backend's own database;
 * nothing is written to the clusters, so the running demo is untouched.
 */

const user = mockCredentials.user.header();

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

async function meshWhen(server: Server, accept: (mesh: any) => boolean, what: string): Promise<any> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await request(server).get('/api/mesh/meshes/demo').set('Authorization', user);
    if (response.status === 200 && accept(response.body)) {
      expectToMatchOpenApi('/meshes/{meshId}', 'get', 200, response.body);
      return response.body;
    }
    if (Date.now() > deadline) {
      throw new Error(`the demo mesh did not show ${what}; last: ${response.status} ${JSON.stringify(response.body).slice(0, 2000)}`);
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

describe('registering the demo mesh against the local fleet', () => {
  it('shows where the registration and the fleet differ, and no drift once the record says what runs', async () => {
    const env = await ensureFleet({ clusters: 3 });
    const { server } = await startTestBackend({
      features: [meshPlugin, mockServices.rootConfig.factory({ data: kubernetesConfig(env) })],
    });
    const discovered = await meshWhen(
      server,
      mesh => mesh.controlPlaneCluster === 'mesh-cp' && mesh.istioVersion !== undefined,
      'its control plane as discovered',
    );
    // The fleet's istiod is built from source, so its version carries a suffix (1.31.0-rc.0-<commit>).
    const running: string = discovered.istioVersion;
    expect(running).toMatch(/^1\.31\.0/);

    const registration = {
      id: 'demo',
      title: 'Demo mesh',
      type: 'hosted',
      controlPlaneCluster: 'mesh-cp',
      controlPlaneNetwork: 'net-mesh-cp',
      members: [
        { cluster: 'east', network: 'net-east' },
        { cluster: 'west', network: 'net-elsewhere' },
      ],
      istioVersion: '1.30.0',
      revision: 'default',
      trustDomain: 'cluster.local',
      owner: 'group:default/platform-team',
    };
    const created = await request(server).post('/api/mesh/meshes').set('Authorization', user).send(registration);
    expect(created.status).toBe(201);

    const drifting = await meshWhen(server, mesh => mesh.managed && mesh.drift.length > 0, 'drift');
    expect(drifting).toMatchObject({ managed: true, owner: 'group:default/platform-team', registration: created.body });
    expect(drifting.drift).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'version-mismatch', cluster: 'mesh-cp', expected: '1.30.0', actual: running }),
        expect.objectContaining({ kind: 'network-mismatch', cluster: 'west', expected: 'net-elsewhere', actual: 'net-west' }),
      ]),
    );

    const { id: _id, type: _type, controlPlaneCluster: _cp, ...changeable } = registration;
    const corrected = await request(server)
      .put('/api/mesh/meshes/demo')
      .set('Authorization', user)
      .set('If-Match', created.headers.etag)
      .send({
        ...changeable,
        istioVersion: running,
        members: [
          { cluster: 'east', network: 'net-east' },
          { cluster: 'west', network: 'net-west' },
        ],
      });
    expect(corrected.status).toBe(200);
    const settled = await meshWhen(server, mesh => mesh.registration?.version === 2, 'the corrected record');
    expect(settled.drift).toEqual([]);
  });
});
