import { MeshDetail } from '@meshfleet/plugin-mesh-common';

/**
 * A hosted mesh as `GET /meshes/{id}` answers it, with its control plane on
 * `controlPlane` and the given members, for tests of pure functions that take
 * the model as input.
 */
export function mesh(id: string, controlPlane: string, members: string[] = [], extra: Partial<MeshDetail> = {}): MeshDetail {
  return {
    id,
    title: `Mesh ${id}`,
    type: 'hosted',
    managed: true,
    controlPlaneCluster: controlPlane,
    clusters: [
      { cluster: controlPlane, role: 'control-plane', reachability: 'reachable' },
      ...members.map(m => ({ cluster: m, role: 'remote' as const, reachability: 'reachable' as const })),
    ],
    revisions: ['default'],
    istioVersion: '1.31.0',
    trustDomain: 'cluster.local',
    health: 'healthy',
    drift: [],
    warnings: [],
    serviceCount: 0,
    services: [],
    ...extra,
  };
}
