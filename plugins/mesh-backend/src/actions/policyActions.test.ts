import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { InputError, NotFoundError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import { MeshDetail, MeshPolicyMessage } from '@meshfleet/plugin-mesh-common';
import { readTestdata } from '../observability/__testUtils__/golden';
import { registerPolicyActions } from './policyActions';

const demo = readTestdata<MeshDetail>('mesh-demo.json');

const virtualService = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'shop' },
  spec: {
    hosts: ['reviews.shop.svc.cluster.local'],
    http: [{ route: [{ destination: { host: 'reviews.shop.svc.cluster.local', subset: 'v9' }, weight: 100 }] }],
  },
};

const subsetNotFound: MeshPolicyMessage = {
  code: 'IST0101',
  level: 'error',
  layer: 'analysis',
  kind: 'VirtualService',
  namespace: 'shop',
  name: 'reviews',
  objectIndex: 0,
  field: 'spec.http[0].route[0].destination.subset',
  message: 'subset v9 is not defined by any DestinationRule of reviews.shop.svc.cluster.local',
  fix: 'add the subset to the DestinationRule, or route to one of: v1, v2',
};

/** The action over a fleet where the caller may read the mesh `demo` only, with a validation that finds `found`. */
function registry(found: MeshPolicyMessage[] = [subsetNotFound]) {
  const validate = jest.fn(async (_mesh: MeshDetail, _objects: Array<Record<string, unknown>>) => ({
    valid: !found.some(m => m.level === 'error'),
    messages: found,
  }));
  const actions = actionsRegistryServiceMock({ logger: mockServices.logger.mock() });
  registerPolicyActions(actions, {
    readableMesh: async (_credentials, meshId) => {
      if (meshId !== 'demo') throw new NotFoundError(`No mesh with id '${meshId}'`);
      return demo;
    },
    validate,
  });
  return { actions, validate };
}

const credentials = mockCredentials.user('user:default/ada');
const invoke = (actions: ReturnType<typeof registry>['actions'], input: JsonObject) =>
  actions.invoke({ id: 'test:validate-policy', input, credentials });

describe('validate-policy', () => {
  it('is read-only and idempotent', async () => {
    const { actions } = await registry().actions.list();
    expect(actions.map(a => [a.name, a.attributes])).toEqual([
      ['validate-policy', { readOnly: true, idempotent: true, destructive: false }],
    ]);
  });

  it('answers the validation of the objects for the mesh: valid, and every message with its field and fix', async () => {
    const { actions, validate } = registry();
    const { output } = await invoke(actions, { meshId: 'demo', objects: [virtualService] });
    expect(validate).toHaveBeenCalledWith(demo, [virtualService]);
    expect(output).toEqual({ valid: false, messages: [subsetNotFound] });
  });

  it('reads a multi-document manifest, passing incomplete objects on for validation to name what is missing', async () => {
    const { actions, validate } = registry([]);
    const draft = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', spec: { mtls: { mode: 'STRICT' } } };
    const manifest = `---\n${JSON.stringify(virtualService)}\n---\n${JSON.stringify(draft)}\n---\n`;
    const { output } = await invoke(actions, { meshId: 'demo', manifest });
    expect(validate).toHaveBeenCalledWith(demo, [virtualService, draft]);
    expect(output).toEqual({ valid: true, messages: [] });
  });

  it('answers a mesh the caller may not read as not found, validating nothing', async () => {
    const { actions, validate } = registry();
    await expect(invoke(actions, { meshId: 'other', objects: [virtualService] })).rejects.toThrow(NotFoundError);
    expect(validate).not.toHaveBeenCalled();
  });

  it.each([
    ['neither objects nor manifest', { meshId: 'demo' }, /^objects, manifest: expected exactly one of them/],
    ['both', { meshId: 'demo', objects: [virtualService], manifest: 'kind: x' }, /^objects, manifest: expected exactly one of them/],
    ['a document that is not YAML', { meshId: 'demo', manifest: `${JSON.stringify(virtualService)}\n---\nspec: [unclosed` }, /^manifest document 2: not valid YAML/],
    ['a document that is a list', { meshId: 'demo', manifest: '- a\n- b' }, /^manifest document 1: expected a Kubernetes object/],
    ['more than 50 objects', { meshId: 'demo', objects: Array(51).fill(virtualService) }, /^objects: at most 50 policies at once, got 51/],
  ])('refuses %s, naming the field', async (_case, input, message) => {
    const { actions, validate } = registry();
    const failure = invoke(actions, input);
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(message);
    expect(validate).not.toHaveBeenCalled();
  });
});
