import { MeshModel } from '@meshfleet/plugin-mesh-common';

/** A hosted mesh over three clusters, one of them unreachable, with one conflicting service. */
export const sampleModel: MeshModel = {
  meshes: [
    {
      id: 'shop',
      title: 'Shop mesh',
      type: 'hosted',
      managed: true,
      controlPlaneCluster: 'mesh-cp',
      clusters: [
        { cluster: 'mesh-cp', role: 'control-plane', network: 'net-cp', reachability: 'reachable' },
        { cluster: 'east', role: 'remote', network: 'net-east', reachability: 'reachable' },
        { cluster: 'west', role: 'remote', network: 'net-west', reachability: 'unreachable' },
      ],
      revisions: ['1-31-0'],
      istioVersion: '1.31.0',
      trustDomain: 'cluster.local',
      health: 'degraded',
      drift: [
        { kind: 'version-mismatch', cluster: 'mesh-cp', expected: '1.31.0', actual: '1.30.2', message: 'istiod runs 1.30.2, Meshfleet installed 1.31.0' },
      ],
      warnings: [{ cluster: 'east', object: 'ConfigMap istio-system/istio', message: 'mesh config is not valid YAML' }],
      serviceCount: 1,
      services: [
        {
          namespace: 'shop',
          name: 'cart',
          hostname: 'cart.shop.svc.cluster.local',
          instances: [
            { cluster: 'east', ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 8080 }], selector: { app: 'cart' }, injected: true },
            { cluster: 'west', ports: [{ name: 'http', port: 9090, protocol: 'TCP', targetPort: 'http' }], selector: { app: 'cart' }, injected: true },
          ],
          conflicts: ["port 'http' is 8080 in east but 9090 in west"],
        },
      ],
    },
  ],
  clusters: [
    {
      name: 'west',
      url: 'https://127.0.0.1:16445',
      source: 'config',
      reachability: 'unreachable',
      error: 'connect ECONNREFUSED 127.0.0.1:16445',
      lastSyncAt: '2026-11-26T01:00:00.000Z',
      unreachableSince: '2026-11-26T01:05:00.000Z',
      istioRole: 'remote',
      meshId: 'shop',
      network: 'net-west',
      revisions: [],
      warnings: [],
    },
  ],
};
