import type { MeshPolicy } from '@meshfleet/plugin-mesh-common';
import { driftOf } from './driftItems';

const MESH = 'demo';

function policy(
  name: string,
  spec: Record<string, unknown>,
  annotations?: Record<string, string>,
  labels?: Record<string, string>,
): MeshPolicy {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace: 'shop', resourceVersion: '7', ...(annotations ? { annotations } : {}), ...(labels ? { labels } : {}) },
    spec,
    cluster: 'mesh-cp',
    managedBy: ['meshfleet'],
  };
}

const written = (name: string, spec?: Record<string, unknown>) => ({
  kind: 'VirtualService' as const,
  namespace: 'shop',
  name,
  after: spec ? { spec } : undefined,
});

describe('driftOf', () => {
  it('finds nothing when the config cluster has what Meshfleet last wrote', () => {
    expect(driftOf(MESH, [policy('reviews', { hosts: ['reviews'] })], [written('reviews', { hosts: ['reviews'] })])).toEqual([]);
  });

  it("ignores kubectl's copy of the object, which is not the policy", () => {
    const current = policy('reviews', { hosts: ['reviews'] }, { 'kubectl.kubernetes.io/last-applied-configuration': '{}' });
    expect(driftOf(MESH, [current], [written('reviews', { hosts: ['reviews'] })])).toEqual([]);
  });

  it('names a policy changed outside with the diff from what Meshfleet wrote to what is there', () => {
    const [item] = driftOf(MESH, [policy('reviews', { hosts: ['reviews', 'ratings'] })], [written('reviews', { hosts: ['reviews'] })]);
    expect(item).toMatchObject({ kind: 'VirtualService', namespace: 'shop', name: 'reviews', reason: 'changed-outside' });
    expect(item.diff).toContain('+    - ratings');
    expect(item.current?.metadata.resourceVersion).toBe('7');
  });

  it('names policies added outside (never written, or deleted by Meshfleet since) and deleted outside', () => {
    const items = driftOf(
      MESH,
      [policy('added', { hosts: ['a'] }), policy('recreated', { hosts: ['r'] })],
      [written('recreated'), written('gone', { hosts: ['g'] })],
    );
    expect(items.map(i => [i.name, i.reason])).toEqual([
      ['added', 'added-outside'],
      ['gone', 'deleted-outside'],
      ['recreated', 'added-outside'],
    ]);
    expect(items[1].current).toBeUndefined();
    expect(items[1].diff).toContain('+++ /dev/null');
  });

  it("leaves out what the mesh's own operations wrote (labelled with its id), not another mesh's", () => {
    const items = driftOf(
      MESH,
      [
        policy('cross-network-gateway', { hosts: ['*.local'] }, undefined, { 'meshfleet.io/mesh-id': MESH }),
        policy('other-mesh', { hosts: ['o'] }, undefined, { 'meshfleet.io/mesh-id': 'payments' }),
      ],
      [],
    );
    expect(items.map(i => [i.name, i.reason])).toEqual([['other-mesh', 'added-outside']]);
  });
});
