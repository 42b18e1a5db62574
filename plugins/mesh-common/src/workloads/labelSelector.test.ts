import { matchesSelector, parseLabelSelector } from './labelSelector';

describe('label selectors', () => {
  it('parses equality, set and existence requirements', () => {
    expect(parseLabelSelector('app=cart, tier in (web, api),!legacy,env!=dev,app.kubernetes.io/part-of')).toEqual([
      { key: 'app', op: 'in', values: ['cart'] },
      { key: 'tier', op: 'in', values: ['web', 'api'] },
      { key: 'legacy', op: 'doesnotexist' },
      { key: 'env', op: 'notin', values: ['dev'] },
      { key: 'app.kubernetes.io/part-of', op: 'exists' },
    ]);
  });

  it('names the part it cannot read', () => {
    expect(() => parseLabelSelector('app=cart,tier >> web')).toThrow("cannot read 'tier >> web'");
  });

  it('matches label sets', () => {
    const r = parseLabelSelector('app=cart,env notin (dev),!legacy');
    expect(matchesSelector(r, { app: 'cart', env: 'prod' })).toBe(true);
    expect(matchesSelector(r, { app: 'cart' })).toBe(true);
    expect(matchesSelector(r, { app: 'cart', env: 'dev' })).toBe(false);
    expect(matchesSelector(r, { app: 'cart', legacy: 'true' })).toBe(false);
    expect(matchesSelector(r, { app: 'shop' })).toBe(false);
  });
});
