import { Entity } from '@backstage/catalog-model';
import { byRef, computeDelta } from './delta';

const resource = (name: string, annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/platform-team' },
});

describe('computeDelta', () => {
  it('adds new entities, re-adds changed ones and removes missing ones', () => {
    const previous = byRef([resource('a'), resource('b', { x: '1' }), resource('c')]);
    const delta = computeDelta(previous, [resource('a'), resource('b', { x: '2' }), resource('d')]);
    expect(delta.added.map(e => e.metadata.name)).toEqual(['b', 'd']);
    expect(delta.removed).toEqual(['resource:default/c']);
  });

  it('does not count key order as a change', () => {
    const previous = byRef([resource('a', { x: '1', y: '2' })]);
    expect(computeDelta(previous, [resource('a', { y: '2', x: '1' })])).toEqual({ added: [], removed: [] });
  });

  it('removes refs present only besides the current set, and adds what the current set lacks', () => {
    const current = byRef([resource('a')]);
    const delta = computeDelta(current, [resource('a'), resource('b')], ['b', 'c'].map(n => `resource:default/${n}`));
    expect(delta.added.map(e => e.metadata.name)).toEqual(['b']);
    expect(delta.removed).toEqual(['resource:default/c']);
  });
});
