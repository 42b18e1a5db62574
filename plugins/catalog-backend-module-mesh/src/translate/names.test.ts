import { clusterEntityName, meshEntityRef, toEntityName } from './names';

describe('entity names', () => {
  it('keeps a valid name, lower-cased', () => {
    expect(toEntityName('Config-East')).toBe('config-east');
  });

  it('adds a hash when characters had to be replaced, so look-alikes differ', () => {
    const a = toEntityName('ocm-prod/eu');
    const b = toEntityName('ocm-prod:eu');
    expect(a).toMatch(/^ocm-prod-eu-[0-9a-f]{8}$/);
    expect(b).toMatch(/^ocm-prod-eu-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });

  it('stays within 63 characters', () => {
    const name = toEntityName(`config-${'x'.repeat(100)}`);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/);
  });

  it('gives a name even when nothing valid is left', () => {
    expect(toEntityName('///')).toMatch(/^[0-9a-f]{8}$/);
  });

  it('prefixes clusters with their source', () => {
    expect(clusterEntityName({ source: 'config', name: 'east' })).toBe('config-east');
    expect(clusterEntityName({ source: 'ocm', name: 'east' })).toBe('ocm-east');
  });

  it('refers to meshes in the default namespace', () => {
    expect(meshEntityRef('shop')).toBe('resource:default/shop');
  });
});
