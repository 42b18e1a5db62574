import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import { readTestdata } from './__testUtils__/golden';
import { RecordedPrometheus } from './__testUtils__/recordedPrometheus';
import { registerObservabilityActions } from './actions';
import { readObservabilityConfig } from './config';
import { ObservabilityService } from './ObservabilityService';

const mesh = readTestdata<MeshDetail>('mesh-demo.json');

function registry() {
  const prometheus = new RecordedPrometheus().add('demo-service-both', { kind: 'service', namespace: 'shop', service: 'cart' }, 'both');
  const observability = new ObservabilityService(
    readObservabilityConfig(new ConfigReader({ meshfleet: { prometheus: { url: 'http://p.invalid' } } })),
    { prometheus },
  );
  const actions = actionsRegistryServiceMock({ logger: mockServices.logger.mock() });
  registerObservabilityActions(actions, {
    observability,
    readableMesh: async (_credentials, meshId) => {
      if (meshId !== 'demo') {
        throw new NotFoundError(`No mesh with id '${meshId}'`);
      }
      return mesh;
    },
  });
  return actions;
}

describe('observability actions', () => {
  it('are read-only and idempotent', async () => {
    const { actions } = await registry().list();
    expect(actions.map(a => [a.name, a.attributes])).toEqual([
      ['get-service-neighbours', { readOnly: true, idempotent: true, destructive: false }],
      ['get-service-health', { readOnly: true, idempotent: true, destructive: false }],
    ]);
  });

  it('tell a service’s neighbours with their figures', async () => {
    const { output } = await registry().invoke({
      id: 'test:get-service-neighbours',
      input: { meshId: 'demo', namespace: 'shop', service: 'cart' },
      credentials: mockCredentials.user(),
    });
    const neighbours = (output as any).neighbours;
    expect(neighbours.map((n: any) => `${n.direction} ${n.node.id}`).sort()).toEqual([
      'inbound svc:shop:frontend',
      'outbound svc:shop:checkout',
    ]);
    expect(neighbours[0].edge.traffic.requestRate).toBeGreaterThan(0);
  });

  it('tell a service’s health with the reason', async () => {
    const { output } = await registry().invoke({
      id: 'test:get-service-health',
      input: { meshId: 'demo', namespace: 'shop', service: 'cart', window: '5m' },
      credentials: mockCredentials.user(),
    });
    expect(output).toMatchObject({ window: '5m', status: expect.any(String), reason: expect.any(String) });
    expect((output as any).clusters.map((c: any) => c.cluster)).toEqual(['east', 'west']);
  });

  it('hide meshes the caller may not read', async () => {
    await expect(
      registry().invoke({
        id: 'test:get-service-health',
        input: { meshId: 'secret', namespace: 'shop', service: 'cart' },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow("No mesh with id 'secret'");
  });
});
