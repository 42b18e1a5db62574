import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { kubernetesFetcherExtensionPoint, KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import request from 'supertest';
import { kubernetesModuleMeshfleet } from './module';

/*
 * The real Kubernetes plugin, finding clusters only through the catalog, with
 * the cluster entities Meshfleet emits (auth provider meshfleet, no token).
 * Its own fetcher loads @kubernetes/client-node with a dynamic import, which
 * jest cannot run, so a recording fetcher takes its place here and shows the
 * credential the plugin got for each cluster; the browser test
 * kubernetes-catalog.test.ts shows a demo Component's real pods that way.
 */

const TOKEN = 'token-of-east';

function clusterEntity(name: string, url: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `config-${name}`,
      namespace: 'default',
      title: name,
      annotations: {
        'kubernetes.io/api-server': url,
        'kubernetes.io/api-server-certificate-authority': 'Q0E=',
        'kubernetes.io/auth-provider': 'meshfleet',
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'group:default/platform-team' },
  };
}

/** Cluster entity name → the credential the plugin fetched it with. */
const credentials = new Map<string, KubernetesCredential>();

const recordingFetcher = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'recording-fetcher',
  register(reg) {
    reg.registerInit({
      deps: { fetchers: kubernetesFetcherExtensionPoint },
      async init({ fetchers }) {
        fetchers.addFetcher({
          async fetchObjectsForService({ clusterDetails, credential }) {
            credentials.set(clusterDetails.name, credential);
            return { errors: [], responses: [] };
          },
          async fetchPodMetricsByNamespaces() {
            return { errors: [], responses: [] };
          },
        });
      },
    });
  },
});

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop-frontend', namespace: 'default', annotations: { 'backstage.io/kubernetes-label-selector': 'app=frontend' } },
  spec: { type: 'service', lifecycle: 'experimental', owner: 'group:default/shop-team' },
};

async function kubernetesBackend(features: unknown[], configClusters: object[] = []) {
  credentials.clear();
  const { server } = await startTestBackend({
    features: [
      kubernetesPlugin,
      recordingFetcher,
      ...(features as []),
      catalogServiceMock.factory({
        entities: [clusterEntity('east', 'https://127.0.0.1:16444'), clusterEntity('west', 'https://127.0.0.1:16445'), component],
      }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              // Local API servers listen on 127.0.0.1, which the catalog locator refuses unless allowed.
              { type: 'catalog', dangerouslyAllowClusterUrls: ['127.0.0.1'] },
              // The plugin refuses to start if a configured provider has no strategy.
              ...configClusters,
            ],
          },
          meshfleet: {
            clusters: [
              { name: 'east', url: 'https://127.0.0.1:16444', authProvider: 'serviceAccount', serviceAccountToken: TOKEN },
              { name: 'west', url: 'https://127.0.0.1:16445', authProvider: 'serviceAccount', serviceAccountToken: 'token-of-west' },
            ],
          },
        },
      }),
    ],
  });
  return server;
}

describe('kubernetesModuleMeshfleet in the real Kubernetes plugin (catalog locator only)', () => {
  it("lists Meshfleet's cluster entities with the meshfleet provider and no token", async () => {
    const server = await kubernetesBackend([kubernetesModuleMeshfleet]);
    const listed = await request(server).get('/api/kubernetes/clusters');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: any) => [c.name, c.authProvider]).sort()).toEqual([
      ['config-east', 'meshfleet'],
      ['config-west', 'meshfleet'],
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(TOKEN);

    const objects = await request(server).post('/api/kubernetes/services/shop-frontend').send({ entity: component, auth: {} });
    expect(objects.status).toBe(200);
    expect(JSON.stringify(objects.body)).not.toContain(TOKEN);
    expect(Object.fromEntries(credentials)).toEqual({
      'config-east': { type: 'bearer token', token: TOKEN },
      'config-west': { type: 'bearer token', token: 'token-of-west' },
    });
  });

  it("keeps the plugin's own providers: config clusters of every default provider still start", async () => {
    const clusters = ['serviceAccount', 'oidc', 'google', 'aks', 'aws', 'azure', 'googleServiceAccount', 'localKubectlProxy'].map(authProvider => ({
      name: `with-${authProvider}`,
      url: 'https://127.0.0.1:16446',
      authProvider,
      ...(authProvider === 'oidc' && { oidcTokenProvider: 'gitlab' }),
    }));
    const server = await kubernetesBackend([kubernetesModuleMeshfleet], [{ type: 'config', clusters }]);
    const listed = await request(server).get('/api/kubernetes/clusters');
    expect(listed.body.items.map((c: any) => c.name).sort()).toEqual(
      [...clusters.map(c => c.name), 'config-east', 'config-west'].sort(),
    );
  });

  it('is what gives the plugin their credentials', async () => {
    const server = await kubernetesBackend([]);
    const objects = await request(server).post('/api/kubernetes/services/shop-frontend').send({ entity: component, auth: {} });
    expect([objects.status, objects.body.error]).toEqual([500, 'authProvider "meshfleet" has no AuthenticationStrategy associated with it']);
    expect(credentials.size).toBe(0);
  });
});
