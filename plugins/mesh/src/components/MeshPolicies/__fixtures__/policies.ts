import type {
  MeshPolicy,
  MeshPolicyChange,
  MeshPolicyDriftItem,
  MeshPolicyListResponse,
} from '@meshfleet/plugin-mesh-common';

/*
 * Answers of the policies API for mesh "payments" (config cluster mesh-cp):
 * two policies in effect, one left in a member cluster (no effect), an
 * unreadable member, a change history and one drifted policy.
 */

export const reviewsVirtualService: MeshPolicy = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '1001', generation: 2 },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] },
  cluster: 'mesh-cp',
  managedBy: ['meshfleet'],
};

export const strictPeerAuthentication: MeshPolicy = {
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name: 'default', namespace: 'payments', resourceVersion: '2002' },
  spec: { mtls: { mode: 'STRICT' } },
  cluster: 'mesh-cp',
  managedBy: ['kubectl-client-side-apply'],
};

export const strayDestinationRule: MeshPolicy = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '77' },
  spec: { host: 'reviews' },
  cluster: 'east',
  managedBy: ['kubectl-client-side-apply'],
};

export const paymentsPolicies: MeshPolicyListResponse = {
  meshId: 'payments',
  configCluster: 'mesh-cp',
  policies: [reviewsVirtualService, strictPeerAuthentication],
  ignored: [strayDestinationRule],
  unreadable: [{ cluster: 'west', error: 'connect ECONNREFUSED 10.0.0.7:6443' }],
};

export const paymentsChanges: MeshPolicyChange[] = [
  {
    id: '2',
    at: '2026-12-01T10:05:00Z',
    actor: 'user:default/jane',
    action: 'updated',
    kind: 'VirtualService',
    namespace: 'bookinfo',
    name: 'reviews',
    diff: '--- before\n+++ after\n@@ -3,1 +3,1 @@\n-      subset: v2\n+      subset: v1\n',
  },
  {
    id: '1',
    at: '2026-12-01T09:00:00Z',
    actor: 'user:default/bob',
    action: 'created',
    kind: 'VirtualService',
    namespace: 'bookinfo',
    name: 'reviews',
    diff: '--- before\n+++ after\n@@ -0,0 +1,3 @@\n+hosts:\n+  - reviews\n',
  },
];

export const paymentsDrift: MeshPolicyDriftItem[] = [
  {
    kind: 'PeerAuthentication',
    namespace: 'payments',
    name: 'default',
    reason: 'changed-outside',
    diff: '--- meshfleet\n+++ mesh-cp\n@@ -1,2 +1,2 @@\n mtls:\n-  mode: STRICT\n+  mode: PERMISSIVE\n',
    current: { ...strictPeerAuthentication, spec: { mtls: { mode: 'PERMISSIVE' } } },
  },
];
