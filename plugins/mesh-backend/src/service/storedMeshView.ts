import { MeshRecord, MeshView } from '@meshfleet/plugin-mesh-common';

/**
 * A stored mesh as a view before anything was read from its clusters: health and
 * reachability unknown, no services. Discovery replaces this with the merged view.
 */
export function storedMeshView(mesh: MeshRecord): MeshView {
  return {
    id: mesh.id,
    title: mesh.title,
    type: mesh.type,
    managed: true,
    controlPlaneCluster: mesh.controlPlaneCluster,
    clusters: [
      { cluster: mesh.controlPlaneCluster, role: 'control-plane', reachability: 'unknown' },
      ...mesh.members.map(m => ({ cluster: m.cluster, role: 'remote' as const, network: m.network, reachability: 'unknown' as const })),
    ],
    revisions: [mesh.revision],
    ...(mesh.istioVersion ? { istioVersion: mesh.istioVersion } : {}),
    trustDomain: mesh.trustDomain,
    health: 'unknown',
    drift: [],
    warnings: [],
    serviceCount: 0,
  };
}
