import type { ClusterSnapshot } from '../types';
import { mergeClusterSnapshot } from './mergeClusterSnapshot';

const identity = { name: 'east', url: 'https://east:6443', source: 'config' };
const istio: ClusterSnapshot['istio'] = {
  cluster: 'east',
  role: 'remote',
  revisions: [],
  remoteSecrets: [],
  injection: [{ namespace: 'shop', mode: 'enabled' }],
  gateways: [],
  warnings: [],
};
const services = [{ namespace: 'shop', name: 'cart', ports: [], selector: {} }];

const shared: ClusterSnapshot = {
  status: {
    ...identity,
    reachability: 'reachable',
    lastSyncAt: '2026-12-20T00:00:00.000Z',
    kubernetesVersion: 'v1.36.0',
  },
  istio,
  services,
};

describe('mergeClusterSnapshot', () => {
  it('serves the shared state until the new holder has tried the cluster', () => {
    const own: ClusterSnapshot = {
      status: { ...identity, reachability: 'unknown' },
      services: [],
    };
    expect(mergeClusterSnapshot(own, shared)).toBe(shared);
  });

  it("serves the new holder's own read once it has one", () => {
    const own: ClusterSnapshot = {
      status: { ...shared.status, lastSyncAt: '2026-12-20T00:05:00.000Z' },
      istio: { ...istio, injection: [] },
      services: [],
    };
    expect(mergeClusterSnapshot(own, shared)).toBe(own);
  });

  it('keeps the last known state of a cluster the new holder cannot reach, with the outage shown', () => {
    const own: ClusterSnapshot = {
      status: {
        ...identity,
        reachability: 'unreachable',
        error: 'connect ECONNREFUSED (reading /version)',
        unreachableSince: '2026-12-20T00:06:00.000Z',
      },
      services: [],
    };
    expect(mergeClusterSnapshot(own, shared)).toEqual({
      status: {
        ...identity,
        reachability: 'unreachable',
        error: 'connect ECONNREFUSED (reading /version)',
        unreachableSince: '2026-12-20T00:06:00.000Z',
        lastSyncAt: '2026-12-20T00:00:00.000Z',
        kubernetesVersion: 'v1.36.0',
      },
      istio,
      services,
    });
  });

  it('keeps when an outage began that the previous holder saw', () => {
    const down = {
      ...shared,
      status: {
        ...shared.status,
        reachability: 'unreachable' as const,
        unreachableSince: '2026-12-19T23:00:00.000Z',
      },
    };
    const own: ClusterSnapshot = {
      status: {
        ...identity,
        reachability: 'unreachable',
        error: 'timed out reading /version',
        unreachableSince: '2026-12-20T00:06:00.000Z',
      },
      services: [],
    };
    expect(mergeClusterSnapshot(own, down).status.unreachableSince).toBe(
      '2026-12-19T23:00:00.000Z',
    );
  });

  it('serves its own state for a cluster nobody shared', () => {
    const own: ClusterSnapshot = {
      status: { ...identity, reachability: 'unknown' },
      services: [],
    };
    expect(mergeClusterSnapshot(own, undefined)).toBe(own);
  });
});
