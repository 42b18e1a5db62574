import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { ensureFleet } from '@meshfleet/fleet';
import { meshPlugin } from '../plugin';
import { demoKubernetesConfig, waitForDemoMesh } from '../policies/__testUtils__/demoMeshFleet';

jest.setTimeout(300_000);

/*
 * `validate-policy` as an agent calls it, on the real mesh backend reading the
 * fleet's demo mesh (istiod in mesh-cp, east and west members): the same
 * validation as the policies API, its schema, analysis and the config
 * cluster's dry run. Validation writes nothing, so the objects may name any
 * namespace; this test's own is not created anywhere.
 */

const NAMESPACE = 'policy-action-test';
const credentials = mockCredentials.user('user:default/ada');

const actions = actionsRegistryServiceMock({ logger: mockServices.logger.mock() });

const routeTo = (host: string) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'to-nowhere', namespace: NAMESPACE },
  spec: { hosts: ['to-nowhere'], http: [{ route: [{ destination: { host } }] }] },
});

beforeAll(async () => {
  const env = await ensureFleet({ clusters: 3 });
  const backend = await startTestBackend({
    features: [
      meshPlugin,
      // The registry the plugin registers its actions in, kept to invoke them.
      createServiceFactory({ service: actionsRegistryServiceRef, deps: {}, factory: () => actions }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: demoKubernetesConfig(env),
        },
      }),
    ],
  });
  await waitForDemoMesh(backend.server, mockCredentials.user.header());
});

describe('validate-policy on the demo mesh', () => {
  it('names a route to a host no cluster of the mesh has: IST0101 at the destination host, not valid', async () => {
    const { output } = await actions.invoke({
      id: 'test:validate-policy',
      input: { meshId: 'demo', objects: [routeTo(`nowhere.${NAMESPACE}.svc.cluster.local`)] },
      credentials,
    });
    expect((output as { valid: boolean }).valid).toBe(false);
    expect((output as { messages: unknown[] }).messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'IST0101',
          level: 'error',
          kind: 'VirtualService',
          namespace: NAMESPACE,
          name: 'to-nowhere',
          field: 'spec.http[0].route[0].destination.host',
          fix: expect.any(String),
        }),
      ]),
    );
  });

  it('accepts a PERMISSIVE PeerAuthentication given as YAML', async () => {
    const manifest = ['apiVersion: security.istio.io/v1', 'kind: PeerAuthentication', `metadata: { name: default, namespace: ${NAMESPACE} }`, 'spec: { mtls: { mode: PERMISSIVE } }', ''].join('\n');
    const { output } = await actions.invoke({ id: 'test:validate-policy', input: { meshId: 'demo', manifest }, credentials });
    const { valid, messages } = output as { valid: boolean; messages: Array<{ level: string }> };
    expect([valid, messages.filter(m => m.level === 'error')]).toEqual([true, []]);
  });
});
