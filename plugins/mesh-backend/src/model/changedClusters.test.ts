import type { ClusterSnapshot, FleetSnapshot } from '../discovery/types';
import { changedClusters } from './changedClusters';

function cluster(name: string, reachability: 'reachable' | 'unreachable' = 'reachable'): ClusterSnapshot {
  return { status: { name, url: `https://${name}`, source: 'config', reachability }, services: [] };
}

function snapshot(...clusters: ClusterSnapshot[]): FleetSnapshot {
  return { takenAt: '2026-11-26T00:00:00.000Z', clusters };
}

describe('changedClusters', () => {
  it('reports every cluster of the first snapshot', () => {
    expect(changedClusters(undefined, snapshot(cluster('west'), cluster('east')))).toEqual(['east', 'west']);
  });

  it('reports only the clusters whose state changed', () => {
    const before = snapshot(cluster('east'), cluster('west'));
    const after = snapshot(cluster('east'), cluster('west', 'unreachable'));
    expect(changedClusters(before, after)).toEqual(['west']);
  });

  it('reports clusters that appeared or disappeared', () => {
    expect(changedClusters(snapshot(cluster('east')), snapshot(cluster('west')))).toEqual(['east', 'west']);
  });

  it('reports nothing when nothing changed', () => {
    expect(changedClusters(snapshot(cluster('east')), snapshot(cluster('east')))).toEqual([]);
  });
});
