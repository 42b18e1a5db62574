import type {
  ClusterReachability,
  ClusterView,
  DiscoveryWarning,
  MeshClusterView,
  MeshDetail,
  MeshHealth,
  MeshModel,
  MeshRecord,
} from '@meshfleet/plugin-mesh-common';
import { sharedServerWarnings } from './clusterUrls';
import { computeDrift } from './drift';
import { FleetIndex, representativeRevision } from './fleetIndex';
import { dropUndefined } from './istiod';
import { groupMeshes, MeshDraft } from './meshGrouping';
import { aggregateServices } from './services';
import type { FleetSnapshot } from './types';

function reachabilityOf(
  fleet: FleetIndex,
  cluster: string,
): ClusterReachability {
  return fleet.cluster(cluster)?.status.reachability ?? 'unknown';
}

function clusterViewsOf(
  draft: MeshDraft,
  fleet: FleetIndex,
): MeshClusterView[] {
  const storedNetwork = (cluster: string) =>
    draft.stored?.members.find(m => m.cluster === cluster)?.network;
  const view = (cluster: string, role: MeshClusterView['role']) =>
    dropUndefined<MeshClusterView>({
      cluster,
      role,
      network: fleet.istio(cluster)?.network ?? storedNetwork(cluster),
      reachability: reachabilityOf(fleet, cluster),
    });
  return [
    view(draft.controlPlaneCluster, 'control-plane'),
    ...draft.members.map(m => view(m, 'remote')),
  ];
}

/**
 * `unknown` until the control plane was read or tried; `healthy` when its
 * istiod revision has a ready replica and every cluster is reachable.
 */
function healthOf(
  draft: MeshDraft,
  fleet: FleetIndex,
  clusters: MeshClusterView[],
): MeshHealth {
  const cp = fleet.cluster(draft.controlPlaneCluster);
  if (!cp || (!cp.istio && cp.status.reachability === 'unknown')) {
    return 'unknown';
  }
  const revision = representativeRevision(cp.istio, draft.stored?.revision);
  const revisionMatches =
    !draft.stored || revision?.revision === draft.stored.revision;
  const controlPlaneReady =
    revisionMatches && (revision?.readyReplicas ?? 0) > 0;
  const allReachable = clusters.every(c => c.reachability === 'reachable');
  return controlPlaneReady && allReachable ? 'healthy' : 'degraded';
}

function meshDetailOf(draft: MeshDraft, fleet: FleetIndex): MeshDetail {
  const cpIstio = fleet.istio(draft.controlPlaneCluster);
  const revision = representativeRevision(cpIstio, draft.stored?.revision);
  const clusters = clusterViewsOf(draft, fleet);
  const names = clusters.map(c => c.cluster);
  const clusterWarnings: DiscoveryWarning[] = names.flatMap(
    n => fleet.istio(n)?.warnings ?? [],
  );
  const services = aggregateServices(
    names.flatMap(n => {
      const snapshot = fleet.cluster(n);
      return snapshot?.istio
        ? [
            {
              cluster: n,
              services: snapshot.services,
              injection: snapshot.istio.injection,
            },
          ]
        : [];
    }),
  );
  return dropUndefined<MeshDetail>({
    id: draft.id,
    title: draft.title,
    type: draft.type,
    managed: draft.stored !== undefined,
    controlPlaneCluster: draft.controlPlaneCluster,
    clusters,
    revisions: [
      ...new Set((cpIstio?.revisions ?? []).map(r => r.revision)),
    ].sort(),
    istioVersion: revision?.version ?? draft.stored?.istioVersion,
    trustDomain: revision?.trustDomain ?? draft.stored?.trustDomain,
    health: healthOf(draft, fleet, clusters),
    drift: draft.stored ? computeDrift(draft.stored, fleet) : [],
    warnings: [...clusterWarnings, ...draft.warnings],
    serviceCount: services.length,
    services,
    gateways: names.flatMap(cluster =>
      (fleet.istio(cluster)?.gateways ?? []).map(g => ({ cluster, ...g })),
    ),
  });
}

function clusterViewsOfFleet(
  fleet: FleetIndex,
  meshOfCluster: Map<string, string>,
  groupingWarnings: DiscoveryWarning[],
): ClusterView[] {
  return fleet.clusters().map(({ status, istio }) =>
    dropUndefined<ClusterView>({
      ...status,
      istioRole: istio?.role ?? 'none',
      meshId: meshOfCluster.get(status.name),
      network: istio?.network,
      revisions: (istio?.revisions ?? []).map(r => r.revision),
      warnings: [
        ...(istio?.warnings ?? []),
        ...groupingWarnings.filter(w => w.cluster === status.name),
      ],
    }),
  );
}

/**
 * Builds the mesh model from what discovery read and the meshes Meshfleet
 * stores: groups clusters into meshes, merges desired and actual state,
 * computes drift, health and warnings. Pure: same input, same output.
 */
export function buildMeshModel(
  snapshot: FleetSnapshot,
  storedMeshes: MeshRecord[],
): MeshModel {
  const fleet = new FleetIndex(snapshot);
  const grouping = groupMeshes(fleet, storedMeshes);
  const meshes = grouping.drafts
    .map(draft => meshDetailOf(draft, fleet))
    .sort((a, b) => a.id.localeCompare(b.id));
  const groupingWarnings = [
    ...sharedServerWarnings(
      snapshot.clusters.map(c => ({ name: c.status.name, url: c.status.url })),
    ),
    ...grouping.clusterWarnings,
    ...grouping.drafts.flatMap(d => d.warnings),
  ];
  return {
    meshes,
    clusters: clusterViewsOfFleet(
      fleet,
      grouping.meshOfCluster,
      groupingWarnings,
    ),
  };
}
