import { MAX_BATCH, parsePolicyBatch, toMeshPolicy } from './policyObjects';

const vs = (over: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'shop', ...metadata },
  spec: { hosts: ['reviews'] },
  ...over,
});

describe('parsePolicyBatch', () => {
  it('keeps what addresses and describes each object, nothing else', () => {
    const [parsed] = parsePolicyBatch([
      vs({ status: { validationMessages: [] } }, { resourceVersion: '42', labels: { app: 'reviews' }, uid: 'x' }),
    ]);
    expect(parsed).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'shop', resourceVersion: '42', labels: { app: 'reviews' } },
      spec: { hosts: ['reviews'] },
    });
  });

  it.each([
    ['no objects', [], 'objects: expected a list of at least one policy'],
    ['too many', Array.from({ length: MAX_BATCH + 1 }, (_, i) => vs({}, { name: `vs-${i}` })), `objects: at most ${MAX_BATCH} policies per apply, got ${MAX_BATCH + 1}`],
    ['a kind Meshfleet does not manage', [vs({ kind: 'EnvoyFilter' })], "objects[0].kind: 'EnvoyFilter' is not a policy kind Meshfleet manages; expected one of VirtualService, DestinationRule"],
    ['an old apiVersion', [vs({ apiVersion: 'networking.istio.io/v1alpha3' })], "objects[0].apiVersion: VirtualService is written as networking.istio.io/v1, not 'networking.istio.io/v1alpha3'"],
    ['no namespace', [vs({}, { namespace: undefined })], "objects[0].metadata (VirtualService reviews).namespace: expected a namespace name (every policy kind is namespaced), got ''"],
    ['an invalid name', [vs({}, { name: 'Reviews_V2' })], "objects[0].metadata (VirtualService shop/Reviews_V2).name: expected a lowercase DNS subdomain name, got 'Reviews_V2'"],
    ['no spec', [vs({ spec: undefined })], 'objects[0].spec (VirtualService shop/reviews): expected an object'],
    ['labels that are not strings', [vs({}, { labels: { replicas: 3 } })], 'objects[0].metadata (VirtualService shop/reviews).labels: expected a map of strings'],
    ['one object twice', [vs(), vs()], 'objects[1]: VirtualService shop/reviews is in the batch twice'],
  ])('refuses %s, naming the field and what was expected', (_case, objects, message) => {
    expect(() => parsePolicyBatch(objects)).toThrow(message);
  });
});

describe('toMeshPolicy', () => {
  it("drops managedFields and kubectl's copy, and names the writers", () => {
    const policy = toMeshPolicy(
      {
        ...vs(),
        metadata: {
          name: 'reviews',
          namespace: 'shop',
          resourceVersion: '7',
          generation: 2,
          creationTimestamp: new Date('2026-12-01T10:00:00Z'),
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', team: 'shop' },
          managedFields: [{ manager: 'meshfleet' }, { manager: 'kubectl-edit' }, { manager: 'meshfleet' }],
        },
      },
      'mesh-cp',
    );
    expect(policy).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: {
        name: 'reviews',
        namespace: 'shop',
        resourceVersion: '7',
        generation: 2,
        creationTimestamp: '2026-12-01T10:00:00.000Z',
        annotations: { team: 'shop' },
      },
      spec: { hosts: ['reviews'] },
      cluster: 'mesh-cp',
      managedBy: ['meshfleet', 'kubectl-edit'],
    });
  });
});
