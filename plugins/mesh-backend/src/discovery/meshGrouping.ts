import type {
  DiscoveryWarning,
  MeshRecord,
  MeshType,
} from '@meshfleet/plugin-mesh-common';
import {
  FleetIndex,
  remoteSecretTargets,
  representativeRevision,
} from './fleetIndex';
import type { ClusterSnapshot } from './types';

/** A mesh before it is rendered: who is in it and where it came from. */
export interface MeshDraft {
  id: string;
  /** Istio's meshID the clusters report, used to attach remotes. */
  meshId?: string;
  title: string;
  type: MeshType;
  stored?: MeshRecord;
  controlPlaneCluster: string;
  /** Member clusters, sorted, without the control plane. */
  members: string[];
  warnings: DiscoveryWarning[];
}

/** The outcome of grouping: meshes, and warnings about clusters in none. */
export interface MeshGrouping {
  drafts: MeshDraft[];
  /** Which mesh each clustered cluster belongs to. */
  meshOfCluster: Map<string, string>;
  clusterWarnings: DiscoveryWarning[];
}

class Grouper {
  readonly drafts: MeshDraft[] = [];
  readonly meshOfCluster = new Map<string, string>();
  readonly clusterWarnings: DiscoveryWarning[] = [];

  constructor(private readonly fleet: FleetIndex) {}

  /** Gives a cluster to a mesh unless another mesh has it already. */
  claim(draft: MeshDraft, cluster: string): boolean {
    const owner = this.meshOfCluster.get(cluster);
    if (owner && owner !== draft.id) {
      draft.warnings.push({
        cluster,
        message: `${cluster} is also part of mesh ${owner}; a cluster belongs to one mesh, so it is shown there only`,
      });
      return false;
    }
    this.meshOfCluster.set(cluster, draft.id);
    return true;
  }

  addStored(record: MeshRecord): void {
    const cpIstio = this.fleet.istio(record.controlPlaneCluster);
    const draft: MeshDraft = {
      id: record.id,
      meshId: record.id,
      title: record.title,
      type: record.type,
      stored: record,
      controlPlaneCluster: record.controlPlaneCluster,
      members: [],
      warnings: [],
    };
    this.claim(draft, record.controlPlaneCluster);
    // Stored members are intended, secret targets are actual: show both, drift tells apart.
    const candidates = new Set([
      ...record.members.map(m => m.cluster),
      ...remoteSecretTargets(cpIstio),
    ]);
    draft.members = [...candidates].filter(c => this.claim(draft, c)).sort();
    this.drafts.push(draft);
  }

  uniqueId(
    wanted: string,
    cluster: string,
    warnings: DiscoveryWarning[],
  ): string {
    if (!this.drafts.some(d => d.id === wanted)) return wanted;
    const id = `${wanted}-${cluster}`;
    warnings.push({
      cluster,
      message: `mesh ID ${wanted} is already used by another mesh; this control plane is shown as ${id}`,
    });
    return id;
  }

  addDiscoveredControlPlane(cluster: string): void {
    const istio = this.fleet.istio(cluster)!;
    const meshId = representativeRevision(istio)?.meshId;
    const warnings: DiscoveryWarning[] = [];
    const members: string[] = [];
    for (const target of remoteSecretTargets(istio)) {
      if (this.fleet.istio(target)?.role === 'control-plane') {
        warnings.push({
          cluster,
          message: `remote secret names ${target}, which runs its own istiod (multi-primary); it is shown as a mesh of its own`,
        });
      } else if (!this.meshOfCluster.has(target)) {
        members.push(target);
      }
    }
    const id = this.uniqueId(meshId ?? `istio-${cluster}`, cluster, warnings);
    const draft: MeshDraft = {
      id,
      meshId,
      title: meshId ?? `Istio in ${cluster}`,
      // Not in the database: a plain istiod is an external mesh; one that reads
      // members through remote secrets has the hosted shape.
      type: members.length > 0 ? 'hosted' : 'external',
      controlPlaneCluster: cluster,
      members: [],
      warnings,
    };
    this.claim(draft, cluster);
    draft.members = members.filter(m => this.claim(draft, m)).sort();
    this.drafts.push(draft);
  }

  /** A remote no control plane names: attach it by meshID, else warn. */
  placeOrphanRemote(cluster: string): void {
    const istio = this.fleet.istio(cluster)!;
    const draft = istio.meshId
      ? this.drafts.find(d => d.meshId === istio.meshId)
      : undefined;
    if (draft && this.claim(draft, cluster)) {
      draft.members = [...draft.members, cluster].sort();
      draft.warnings.push({
        cluster,
        message: `${cluster} is configured as a remote of mesh ${draft.id}, but no remote secret in ${draft.controlPlaneCluster} names it (or ${draft.controlPlaneCluster} was never read)`,
      });
      return;
    }
    const address = istio.remoteControlPlaneAddress ?? 'an unknown address';
    this.clusterWarnings.push({
      cluster,
      message: `remote profile points at istiod ${address}, but no control-plane cluster Backstage can read names ${cluster} in a remote secret`,
    });
  }
}

/**
 * Clusters named like their istiod's Istio cluster id first, the rest in name
 * order. When one API server is configured under several names, each name
 * reads the same control plane; the name Istio itself uses keeps the mesh id
 * and the members, whatever the other names sort like.
 */
function canonicalNamesFirst(clusters: ClusterSnapshot[]): ClusterSnapshot[] {
  const isCanonical = (c: ClusterSnapshot) =>
    c.istio?.clusterId === c.status.name;
  return [
    ...clusters.filter(isCanonical),
    ...clusters.filter(c => !isCanonical(c)),
  ];
}

/**
 * Groups clusters into meshes. Stored meshes come first and keep their type;
 * then every other control plane forms a discovered mesh with the clusters its
 * remote secrets name; remotes no control plane names join a mesh by meshID
 * or stay alone with a warning.
 */
export function groupMeshes(
  fleet: FleetIndex,
  stored: MeshRecord[],
): MeshGrouping {
  const grouper = new Grouper(fleet);
  for (const record of [...stored].sort((a, b) => a.id.localeCompare(b.id))) {
    grouper.addStored(record);
  }
  const clusters = fleet.clusters();
  for (const c of canonicalNamesFirst(clusters)) {
    if (
      c.istio?.role === 'control-plane' &&
      !grouper.meshOfCluster.has(c.status.name)
    ) {
      grouper.addDiscoveredControlPlane(c.status.name);
    }
  }
  for (const c of clusters) {
    if (
      c.istio?.role === 'remote' &&
      !grouper.meshOfCluster.has(c.status.name)
    ) {
      grouper.placeOrphanRemote(c.status.name);
    }
  }
  return {
    drafts: grouper.drafts,
    meshOfCluster: grouper.meshOfCluster,
    clusterWarnings: grouper.clusterWarnings,
  };
}
