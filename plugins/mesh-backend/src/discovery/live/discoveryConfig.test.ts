import { ConfigReader } from '@backstage/config';
import { readDiscoveryConfig } from './discoveryConfig';

function read(discovery: object) {
  return readDiscoveryConfig(new ConfigReader({ meshfleet: { discovery } }));
}

describe('readDiscoveryConfig', () => {
  it('has defaults for every setting', () => {
    expect(readDiscoveryConfig(new ConfigReader({}))).toEqual({
      resyncIntervalMs: 300_000,
      namespaces: { include: undefined, exclude: undefined },
      concurrency: 10,
      requestRate: { requestsPerSecond: 10, burst: 20 },
      leaseDurationMs: 15_000,
      pollIntervalMs: 1000,
    });
  });

  it('reads the scale settings', () => {
    expect(
      read({
        resyncInterval: { minutes: 10 },
        concurrency: 25,
        requestsPerSecond: 2.5,
        burst: 5,
        leaseDuration: { seconds: 30 },
        pollInterval: 'PT2S',
        namespaces: { exclude: ['kube-system', 'sandbox'] },
      }),
    ).toEqual({
      resyncIntervalMs: 600_000,
      namespaces: { include: undefined, exclude: ['kube-system', 'sandbox'] },
      concurrency: 25,
      requestRate: { requestsPerSecond: 2.5, burst: 5 },
      leaseDurationMs: 30_000,
      pollIntervalMs: 2000,
    });
  });

  it.each([
    [
      { concurrency: 0 },
      'meshfleet.discovery.concurrency must be a whole number greater than zero, got 0',
    ],
    [
      { burst: 1.5 },
      'meshfleet.discovery.burst must be a whole number greater than zero, got 1.5',
    ],
    [
      { requestsPerSecond: -1 },
      'meshfleet.discovery.requestsPerSecond must be a number greater than zero, got -1',
    ],
    [
      { leaseDuration: { seconds: 3 }, pollInterval: { seconds: 2 } },
      'meshfleet.discovery.pollInterval (2000 ms) must be at most a third of meshfleet.discovery.leaseDuration (3000 ms)',
    ],
  ])('refuses %j naming the key', (discovery, message) => {
    expect(() => read(discovery)).toThrow(message);
  });
});
