import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { coreServices, createServiceFactory, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import catalogBackend from '@backstage/plugin-catalog-backend';
// The mesh backend reads the catalog's clusters here; only tests import it.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import meshBackend from '@meshfleet/plugin-mesh-backend';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { catalogModuleMesh } from './module';

jest.setTimeout(90_000);

/** Keeps the mesh backend's log lines so the test can tell when its catalog source has run. */
class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  error(message: string) {
    this.lines.push(message);
  }
  warn(message: string) {
    this.lines.push(message);
  }
  info(message: string) {
    this.lines.push(message);
  }
  debug(message: string) {
    this.lines.push(message);
  }
  child(): LoggerService {
    return this;
  }
}

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last).slice(0, 2000)}`);
    }
    await new Promise(r => setTimeout(r, 250));
    last = await read();
  }
  return last;
}

/**
 * Meshfleet reads clusters from the catalog (`type: catalog`) and also emits
 * its clusters into the catalog. Without care, every cluster it emits would
 * come back as a second, phantom cluster read from the catalog. The real
 * catalog, this module and the real mesh backend run together here.
 */
describe('the mesh backend with a catalog cluster locator and this module', () => {
  let tmp: string;
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("lists each cluster once: Meshfleet's own cluster entities are not read back", async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'meshfleet-loop-'));
    const teamClusters = path.join(tmp, 'clusters.yaml');
    // A cluster a team registered itself: the catalog source must still read it.
    fs.writeFileSync(
      teamClusters,
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Resource',
        'metadata:',
        '  name: team-dev',
        '  annotations:',
        '    kubernetes.io/api-server: https://127.0.0.1:2',
        '    kubernetes.io/api-server-certificate-authority: Q0E=',
        '    kubernetes.io/auth-provider: oidc',
        '    kubernetes.io/oidc-token-provider: gitlab',
        'spec:',
        '  type: kubernetes-cluster',
        '  owner: group:default/team',
        '',
      ].join('\n'),
    );
    const meshLogger = new RecordingLogger();
    const logger = createServiceFactory({
      service: coreServices.logger,
      deps: { plugin: coreServices.pluginMetadata },
      factory: ({ plugin }) => (plugin.getId() === 'mesh' ? meshLogger : mockServices.logger.mock()),
    });
    const { server } = await startTestBackend({
      features: [
        catalogBackend,
        catalogModuleMesh,
        meshBackend,
        logger,
        // One bus for all plugins, so the mesh backend's changes reach this module at once.
        eventsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  // Nothing listens on port 1: the cluster is unreachable, which is
                  // enough, since an unreachable cluster is emitted too.
                  clusters: [
                    {
                      name: 'a',
                      url: 'https://127.0.0.1:1',
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'not-a-real-token',
                    },
                  ],
                },
                { type: 'catalog' },
              ],
            },
            meshfleet: { discovery: { resyncInterval: { seconds: 1 } } },
            catalog: {
              rules: [{ allow: ['Component', 'Location', 'Resource'] }],
              locations: [{ type: 'file', target: teamClusters }],
              providers: {
                meshfleet: {
                  schedule: { frequency: { minutes: 10 }, timeout: { minutes: 1 } },
                  // An auth provider the catalog locator accepts, so Meshfleet's own
                  // entities are valid catalog clusters and would be read back.
                  clusterAuthProvider: 'oidc',
                },
              },
            },
            events: { useEventBus: 'never' },
          },
        }),
      ],
    });
    const get = (url: string) => request(server).get(url).set('Authorization', mockCredentials.user.header());
    const clusterEntities = async () =>
      (await get('/api/catalog/entities?filter=kind=resource,spec.type=kubernetes-cluster')).body as Entity[];

    const inCatalog = await poll(
      clusterEntities,
      entities => entities.map(e => e.metadata.name).sort().join() === 'config-a,team-dev',
      "Meshfleet's entity for cluster a and the team's cluster in the catalog",
    );
    expect(inCatalog.find(e => e.metadata.name === 'config-a')!.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': expect.stringMatching(/^meshfleet-mesh:/),
      'kubernetes.io/auth-provider': 'oidc',
    });

    // The mesh backend's catalog source has read the catalog since that entity was there.
    await poll(
      async () => meshLogger.lines,
      lines => lines.some(l => /Ignoring catalog cluster config-a: it is emitted by Meshfleet/.test(l)),
      "the mesh backend's catalog source to see Meshfleet's entity",
    );
    const clusters = await poll(
      async () => (await get('/api/mesh/clusters')).body,
      (body: any[]) => body.some(c => c.name === 'team-dev'),
      'the mesh backend to list the catalog cluster team-dev',
    );
    expect(clusters.map((c: any) => [c.source, c.name, c.reachability])).toEqual([
      ['config', 'a', expect.stringMatching(/^(unknown|unreachable)$/)],
      ['catalog', 'team-dev', 'needs-user-credentials'],
    ]);
    expect(clusters[1].error).toBe("needs a signed-in user's token (auth provider 'oidc')");

    // Nor does the catalog get a second entity for a cluster read from it.
    expect((await clusterEntities()).map(e => e.metadata.name).sort()).toEqual(['config-a', 'team-dev']);
  });
});
