import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { meshInstallerExtensionPoint, MeshInstallerStrategy } from '@meshfleet/plugin-mesh-node';
import request from 'supertest';
import { meshPlugin } from './plugin';

jest.setTimeout(60_000);

describe('mesh backend plugin', () => {
  it('answers its health route without credentials', async () => {
    const { server } = await startTestBackend({ features: [meshPlugin] });
    const response = await request(server).get('/api/mesh/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers 401 to an unauthenticated GET /meshes', async () => {
    // The test backend treats a request without a token as a user unless told otherwise.
    const { server } = await startTestBackend({
      features: [meshPlugin, mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() })],
    });
    const response = await request(server).get('/api/mesh/meshes');
    expect(response.status).toBe(401);
  });

  it('lists no meshes at first for a signed-in user', async () => {
    const { server } = await startTestBackend({ features: [meshPlugin] });
    const response = await request(server)
      .get('/api/mesh/meshes')
      .set('Authorization', mockCredentials.user.header('user:default/guest'));
    expect(response.status).toBe(200);
    expect(response.body).toEqual([]);
  });

  it('answers 403 naming the permission when the policy denies mesh.cluster.read', async () => {
    const { server } = await startTestBackend({
      features: [meshPlugin, mockServices.permissions.factory({ result: AuthorizeResult.DENY })],
    });
    const response = await request(server)
      .get('/api/mesh/clusters')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain("Permission 'mesh.cluster.read' is required");
  });

  it('accepts one installer strategy from a module and refuses a second', async () => {
    const installer = (name: string): MeshInstallerStrategy => ({
      name,
      install: jest.fn(),
      uninstall: jest.fn(),
    });
    const installerModule = (moduleId: string) =>
      createBackendModule({
        pluginId: 'mesh',
        moduleId,
        register(reg) {
          reg.registerInit({
            deps: { installers: meshInstallerExtensionPoint },
            async init({ installers }) {
              installers.setInstaller(installer(moduleId));
            },
          });
        },
      });

    await expect(startTestBackend({ features: [meshPlugin, installerModule('helm')] })).resolves.toBeDefined();
    await expect(
      startTestBackend({ features: [meshPlugin, installerModule('helm'), installerModule('gitops')] }),
    ).rejects.toThrow(/installer strategy is already set \('(helm|gitops)'\)/);
  });
});
