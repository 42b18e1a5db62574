import { TtlCache } from './TtlCache';

describe('TtlCache', () => {
  it('shares one load between concurrent callers and serves it until the TTL ends', async () => {
    let now = 0;
    const cache = new TtlCache<number>(10_000, 10, () => now);
    let loads = 0;
    let release!: (v: number) => void;
    const load = () => {
      loads += 1;
      return new Promise<number>(resolve => {
        release = resolve;
      });
    };
    const first = cache.get('k', load);
    const second = cache.get('k', load);
    release(42);
    expect(await first).toEqual({ value: 42, cached: false });
    expect(await second).toEqual({ value: 42, cached: true });
    now = 9_999;
    expect(await cache.get('k', async () => 7)).toEqual({ value: 42, cached: true });
    now = 10_000;
    expect(await cache.get('k', async () => 7)).toEqual({ value: 7, cached: false });
    expect(loads).toBe(1);
  });

  it('keeps no failure', async () => {
    const cache = new TtlCache<number>(10_000);
    await expect(cache.get('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => 1)).toEqual({ value: 1, cached: false });
  });

  it('drops the oldest entries beyond its size', async () => {
    const cache = new TtlCache<number>(10_000, 2);
    await cache.get('a', async () => 1);
    await cache.get('b', async () => 2);
    await cache.get('c', async () => 3);
    expect(await cache.get('a', async () => 10)).toEqual({ value: 10, cached: false });
    expect(await cache.get('c', async () => 30)).toEqual({ value: 3, cached: true });
  });
});
