import { ClusterView, MeshApi, MeshDetail, MeshView } from '@meshfleet/plugin-mesh-common';

/**
 * Recorded-style responses of the mesh backend for tests: a healthy hosted mesh
 * and a degraded external one with an unreachable member, a service conflict
 * and discovery warnings.
 */

export const paymentsMesh: MeshView = {
  id: 'payments',
  title: 'Payments',
  type: 'hosted',
  managed: true,
  controlPlaneCluster: 'mesh-cp',
  clusters: [
    { cluster: 'mesh-cp', role: 'control-plane', network: 'net-cp', reachability: 'reachable' },
    { cluster: 'east', role: 'remote', network: 'net-east', reachability: 'reachable' },
    { cluster: 'west', role: 'remote', network: 'net-west', reachability: 'reachable' },
  ],
  revisions: ['1-28-0'],
  istioVersion: '1.28.0',
  trustDomain: 'payments.example.com',
  health: 'healthy',
  drift: [],
  warnings: [],
  serviceCount: 4,
};

export const shopMesh: MeshView = {
  id: 'shop',
  title: 'Shop',
  type: 'external',
  managed: true,
  controlPlaneCluster: 'shop-cp',
  clusters: [
    { cluster: 'shop-cp', role: 'control-plane', network: 'shop-net', reachability: 'reachable' },
    { cluster: 'shop-eu', role: 'remote', network: 'shop-net', reachability: 'unreachable' },
  ],
  revisions: ['default', 'canary'],
  istioVersion: '1.27.3',
  trustDomain: 'cluster.local',
  health: 'degraded',
  drift: [],
  warnings: [
    {
      cluster: 'shop-cp',
      object: 'DestinationRule shop/cart',
      message: 'spec.host is empty; istiod ignores this rule',
    },
  ],
  serviceCount: 2,
};

export const shopMeshDetail: MeshDetail = {
  ...shopMesh,
  services: [
    {
      namespace: 'shop',
      name: 'cart',
      hostname: 'cart.shop.svc.cluster.local',
      instances: [
        { cluster: 'shop-cp', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], selector: { app: 'cart' }, injected: true },
        { cluster: 'shop-eu', ports: [{ name: 'http', port: 9090, protocol: 'TCP' }], selector: { app: 'cart' }, injected: false },
      ],
      conflicts: ['port http is 8080 in shop-cp but 9090 in shop-eu'],
    },
    {
      namespace: 'shop',
      name: 'catalog',
      hostname: 'catalog.shop.svc.cluster.local',
      instances: [
        { cluster: 'shop-cp', ports: [{ name: 'grpc', port: 9000, protocol: 'TCP' }], selector: { app: 'catalog' }, injected: true },
      ],
      conflicts: [],
    },
  ],
};

export const paymentsMeshDetail: MeshDetail = {
  ...paymentsMesh,
  drift: [
    {
      kind: 'version-mismatch',
      cluster: 'mesh-cp',
      expected: '1.28.0',
      actual: '1.27.3',
      message: 'istiod in mesh-cp runs 1.27.3, but the mesh is meant to run 1.28.0: run the upgrade template.',
    },
  ],
  services: [],
};

export const reachableCluster: ClusterView = {
  name: 'shop-cp',
  url: 'https://shop-cp.example.com:6443',
  source: 'config',
  reachability: 'reachable',
  lastSyncAt: '2026-09-21T10:15:03Z',
  kubernetesVersion: 'v1.36.3',
  istioRole: 'control-plane',
  meshId: 'shop',
  network: 'shop-net',
  revisions: ['default', 'canary'],
  warnings: [],
};

export const unreachableCluster: ClusterView = {
  name: 'shop-eu',
  url: 'https://shop-eu.example.com:6443',
  source: 'catalog',
  reachability: 'unreachable',
  error: 'connect ECONNREFUSED 10.0.0.7:6443',
  lastSyncAt: '2026-09-21T09:00:00Z',
  unreachableSince: '2026-09-21T09:05:00Z',
  istioRole: 'remote',
  meshId: 'shop',
  revisions: [],
  warnings: [{ cluster: 'shop-eu', object: 'Service shop/cart', message: 'port 9090 has no name; Istio treats it as TCP' }],
};

export const plainCluster: ClusterView = {
  name: 'sandbox',
  url: 'https://sandbox.example.com:6443',
  source: 'config',
  reachability: 'unknown',
  istioRole: 'none',
  revisions: [],
  warnings: [],
};

/** A write the pages under test do not make: calling it fails the test. */
function unexpected(operation: string) {
  return async () => {
    throw new Error(`${operation} was not expected in this test`);
  };
}

/** A MeshApi whose reads answer from the fixtures unless overridden; writes fail unless overridden. */
export function mockMeshApi(overrides: Partial<MeshApi> = {}): MeshApi {
  return {
    getHealth: async () => ({ status: 'ok' }),
    registerMesh: unexpected('registerMesh'),
    updateMesh: unexpected('updateMesh'),
    deleteMesh: unexpected('deleteMesh'),
    addMeshMember: unexpected('addMeshMember'),
    removeMeshMember: unexpected('removeMeshMember'),
    startOperation: unexpected('startOperation'),
    listOperations: unexpected('listOperations'),
    getOperation: unexpected('getOperation'),
    getOperationLog: unexpected('getOperationLog'),
    retryOperation: unexpected('retryOperation'),
    // Observability reads: tests answer them from recorded responses (src/__fixtures__/observability).
    findComponentServices: unexpected('findComponentServices'),
    getObservabilityStatus: unexpected('getObservabilityStatus'),
    getTopology: unexpected('getTopology'),
    getServiceHealth: unexpected('getServiceHealth'),
    getServiceNeighbours: unexpected('getServiceNeighbours'),
    getServiceMetrics: unexpected('getServiceMetrics'),
    getGrafanaDashboards: unexpected('getGrafanaDashboards'),
    getControlPlaneHealth: unexpected('getControlPlaneHealth'),
    renderDashboard: unexpected('renderDashboard'),
    listMeshPolicies: unexpected('listMeshPolicies'),
    applyMeshPolicies: unexpected('applyMeshPolicies'),
    getMeshPolicy: unexpected('getMeshPolicy'),
    deleteMeshPolicy: unexpected('deleteMeshPolicy'),
    validateMeshPolicies: unexpected('validateMeshPolicies'),
    listMeshPolicyChanges: unexpected('listMeshPolicyChanges'),
    listMeshPolicyDrift: unexpected('listMeshPolicyDrift'),
    adoptMeshPolicyDrift: unexpected('adoptMeshPolicyDrift'),
    revertMeshPolicyDrift: unexpected('revertMeshPolicyDrift'),
    listMeshWorkloads: unexpected('listMeshWorkloads'),
    listMeshes: async () => [paymentsMesh, shopMesh],
    getMesh: async id => {
      const detail = [shopMeshDetail, paymentsMeshDetail].find(mesh => mesh.id === id);
      if (!detail) {
        throw notFound(`No mesh with id '${id}'`);
      }
      return detail;
    },
    listClusters: async () => [reachableCluster, unreachableCluster, plainCluster],
    ...overrides,
  };
}

/** The error MeshClient throws for a 404 (a ResponseError's shape). */
export function notFound(message: string): Error {
  return Object.assign(new Error(`Request failed with 404 Not Found: ${message}`), {
    name: 'ResponseError',
    statusCode: 404,
    body: {
      error: { name: 'NotFoundError', message },
      request: { method: 'GET', url: '/meshes' },
      response: { statusCode: 404 },
    },
    cause: { name: 'NotFoundError', message },
  });
}
