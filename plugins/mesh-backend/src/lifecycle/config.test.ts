import { ConfigReader } from '@backstage/config';
import { imagesFor, readLifecycleConfig } from './config';

const YEAR = 365 * 24 * 60 * 60 * 1000;

describe('readLifecycleConfig', () => {
  it('defaults: helm on PATH, no chart source, 10-year root, 1-year intermediates, 5-minute waits', () => {
    const config = readLifecycleConfig(new ConfigReader({}));
    expect(config).toEqual({
      helm: { binary: 'helm', timeoutMs: 5 * 60_000 },
      charts: undefined,
      istio: { hub: undefined, defaultVersion: undefined, versions: [] },
      trust: { rootLifetimeMs: 10 * YEAR, intermediateLifetimeMs: YEAR },
      waitTimeoutMs: 5 * 60_000,
    });
  });

  it('reads what `fleet env` writes, and maps versions to images', () => {
    const config = readLifecycleConfig(
      new ConfigReader({
        meshfleet: {
          helm: { binary: '/fleet/bin/helm' },
          istio: {
            charts: { directory: '/fleet/charts' },
            hub: 'docker.io/istio',
            versions: [{ version: '1.31.0-rc.0-eed52ebb66ad' }, { version: '1.30.2', hub: 'gcr.io/istio-release', tag: '1.30.2-distroless' }],
          },
          trust: { intermediateLifetime: { days: 90 }, rootLifetime: 'P5Y' },
          lifecycle: { waitTimeout: { minutes: 2 } },
        },
      }),
    );
    expect(config.charts).toEqual({ type: 'directory', directory: '/fleet/charts' });
    expect(config.istio.defaultVersion).toBe('1.31.0-rc.0-eed52ebb66ad');
    expect(imagesFor(config, '1.31.0-rc.0-eed52ebb66ad')).toEqual({ hub: 'docker.io/istio', tag: '1.31.0-rc.0-eed52ebb66ad' });
    expect(imagesFor(config, '1.30.2')).toEqual({ hub: 'gcr.io/istio-release', tag: '1.30.2-distroless' });
    expect(imagesFor(config, '1.29.0')).toEqual({ hub: 'docker.io/istio', tag: '1.29.0' });
    expect(config.trust.intermediateLifetimeMs).toBe(90 * 24 * 60 * 60 * 1000);
    expect(config.trust.rootLifetimeMs).toBe(5 * YEAR);
    expect(config.waitTimeoutMs).toBe(120_000);
  });

  it('refuses two chart sources', () => {
    expect(() =>
      readLifecycleConfig(
        new ConfigReader({ meshfleet: { istio: { charts: { directory: '/c', repository: 'https://charts.example.com' } } } }),
      ),
    ).toThrow('meshfleet.istio.charts has both directory and repository');
  });
});
