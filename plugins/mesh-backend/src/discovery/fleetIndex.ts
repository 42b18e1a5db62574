import type {
  ClusterIstio,
  IstiodRevision,
} from '@meshfleet/plugin-mesh-common';
import type { ClusterSnapshot, FleetSnapshot } from './types';

/** Lookups over a snapshot that the model builders share. */
export class FleetIndex {
  private readonly byName: Map<string, ClusterSnapshot>;

  constructor(readonly snapshot: FleetSnapshot) {
    this.byName = new Map(snapshot.clusters.map(c => [c.status.name, c]));
  }

  /** The cluster's snapshot, or undefined when Backstage does not know the cluster. */
  cluster(name: string): ClusterSnapshot | undefined {
    return this.byName.get(name);
  }

  /** The cluster's last known Istio state, if it was ever read. */
  istio(name: string): ClusterIstio | undefined {
    return this.byName.get(name)?.istio;
  }

  /** Clusters, sorted by name. */
  clusters(): ClusterSnapshot[] {
    return [...this.snapshot.clusters].sort((a, b) =>
      a.status.name.localeCompare(b.status.name),
    );
  }
}

/** Backstage clusters the remote secrets of a control plane name (itself excluded). */
export function remoteSecretTargets(istio: ClusterIstio | undefined): string[] {
  if (!istio) return [];
  const names = istio.remoteSecrets.flatMap(s => s.clusters);
  return [...new Set(names)].filter(n => n !== istio.cluster).sort();
}

/**
 * The revision that represents a mesh: the stored one when it runs, else
 * `default`, else the first.
 */
export function representativeRevision(
  istio: ClusterIstio | undefined,
  wanted?: string,
): IstiodRevision | undefined {
  const revisions = istio?.revisions ?? [];
  return (
    revisions.find(r => r.revision === wanted) ??
    revisions.find(r => r.revision === 'default') ??
    revisions[0]
  );
}
