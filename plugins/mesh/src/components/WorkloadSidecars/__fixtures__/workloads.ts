import type { MeshWorkloads } from '@meshfleet/plugin-mesh-common';

/**
 * The shop mesh's workloads as `GET /meshes/shop/workloads?namespace=shop`
 * answers them mid-upgrade: the default tag moved to 1-31, one cart pod still
 * runs 1-30's sidecar, a pod started before injection, and shop-eu unreachable.
 */
export const shopWorkloads: MeshWorkloads = {
  meshId: 'shop',
  namespaces: ['shop'],
  readAt: '2026-12-01T10:00:00.000Z',
  clusters: [
    {
      cluster: 'shop-cp',
      role: 'control-plane',
      revisions: ['1-30', '1-31'],
      tags: [{ tag: 'default', revision: '1-31' }],
      namespaces: [{ namespace: 'shop', exists: true, mode: 'enabled', requested: 'default', revision: '1-31' }],
      workloads: [
        {
          kind: 'Deployment',
          namespace: 'shop',
          name: 'cart-v1',
          replicas: 3,
          pods: 3,
          readyPods: 3,
          podsWithSidecar: 2,
          revisions: [
            { revision: '1-30', pods: 1 },
            { revision: '1-31', pods: 1 },
          ],
          expectedRevision: '1-31',
          mismatched: [
            { pod: 'cart-v1-6dbcd47c87-4jvv6', reason: 'other-revision', sidecarRevision: '1-30', expectedRevision: '1-31' },
            { pod: 'cart-v1-6dbcd47c87-9qx2m', reason: 'no-sidecar', expectedRevision: '1-31' },
          ],
        },
        {
          kind: 'Deployment',
          namespace: 'shop',
          name: 'catalog-v1',
          replicas: 2,
          pods: 2,
          readyPods: 1,
          podsWithSidecar: 2,
          revisions: [{ revision: '1-31', pods: 2 }],
          expectedRevision: '1-31',
          mismatched: [],
        },
      ],
    },
    {
      cluster: 'shop-eu',
      role: 'remote',
      error: 'shop-eu: list Namespace: connect ECONNREFUSED 10.0.0.9:6443',
      revisions: [],
      tags: [],
      namespaces: [],
      workloads: [],
    },
  ],
};
