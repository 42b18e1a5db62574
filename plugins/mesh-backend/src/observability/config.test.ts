import { ConfigReader } from '@backstage/config';
import { readObservabilityConfig } from './config';

describe('readObservabilityConfig', () => {
  it('uses the default Prometheus for every mesh and a mesh’s own block whole', () => {
    const config = readObservabilityConfig(
      new ConfigReader({
        meshfleet: {
          prometheus: { url: 'http://127.0.0.1:19090/', bearerToken: 'default-token' },
          meshes: {
            payments: { prometheus: { url: 'https://prom.payments:9090', timeout: '3s', basicAuth: { username: 'u', password: 'p' }, caData: 'LS0t' } },
          },
        },
      }),
    );
    expect(config.prometheusFor('demo')).toEqual({
      url: 'http://127.0.0.1:19090',
      timeoutMs: 10_000,
      scrapeIntervalMs: 15_000,
      bearerToken: 'default-token',
      basicAuth: undefined,
      caData: undefined,
    });
    // The default's token is never sent to another mesh's server.
    expect(config.prometheusFor('payments')).toEqual({
      url: 'https://prom.payments:9090',
      timeoutMs: 3_000,
      scrapeIntervalMs: 15_000,
      bearerToken: undefined,
      basicAuth: { username: 'u', password: 'p' },
      caData: 'LS0t',
    });
  });

  it('has Kiali’s thresholds and the limits by default, and reads overrides', () => {
    const defaults = readObservabilityConfig(new ConfigReader({}));
    expect(defaults.prometheusFor('any')).toBeUndefined();
    expect(defaults.thresholds).toEqual({
      http5xx: { degraded: 0, failing: 10 },
      http4xx: { degraded: 10, failing: 20 },
      grpc: { degraded: 0, failing: 10 },
    });
    expect(defaults.limits).toEqual({ minWindowMs: 60_000, maxWindowMs: 21_600_000, maxRangeMs: 604_800_000, maxPointsPerSeries: 720, maxPanelQueries: 80 });
    const custom = readObservabilityConfig(
      new ConfigReader({
        meshfleet: {
          health: { thresholds: { http4xx: { degraded: 5 } } },
          observability: { cacheTtl: { seconds: 10 }, limits: { maxWindow: '1h' } },
        },
      }),
    );
    expect(custom.thresholds.http4xx).toEqual({ degraded: 5, failing: 20 });
    expect(custom.cacheTtlMs).toBe(10_000);
    expect(custom.limits.maxWindowMs).toBe(3_600_000);
  });

  it('names the key of a wrong value', () => {
    expect(() => readObservabilityConfig(new ConfigReader({ meshfleet: { prometheus: { url: 'not a url' } } }))).toThrow(
      "meshfleet.prometheus.url: 'not a url' is not a URL",
    );
    expect(() =>
      readObservabilityConfig(new ConfigReader({ meshfleet: { health: { thresholds: { http5xx: { degraded: 50, failing: 10 } } } } })),
    ).toThrow('meshfleet.health.thresholds.http5xx: degraded 50 and failing 10 must be percentages');
  });
});
