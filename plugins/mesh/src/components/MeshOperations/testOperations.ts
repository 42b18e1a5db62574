import { MeshOperation } from '@meshfleet/plugin-mesh-common';

/* Operations as the mesh backend answers them, for the panel's tests. */

const step = (id: string, status: MeshOperation['steps'][number]['status'], detail?: string) => ({
  id,
  title: `${id} in east`,
  status,
  attempts: status === 'pending' ? 0 : 1,
  ...(status === 'pending' ? {} : { startedAt: '2026-12-01T10:00:01.000Z' }),
  ...(status === 'succeeded' || status === 'failed' ? { finishedAt: '2026-12-01T10:00:02.000Z' } : {}),
  ...(detail ? { detail } : {}),
});

export const runningJoin: MeshOperation = {
  id: 'op-running',
  meshId: 'payments',
  kind: 'cluster.join',
  status: 'running',
  params: { meshId: 'payments', cluster: 'east', network: 'net-east' },
  requestedBy: 'user:default/alice',
  createdAt: '2026-12-01T10:00:00.000Z',
  startedAt: '2026-12-01T10:00:01.000Z',
  steps: [step('namespace', 'succeeded', 'labelled Namespace istio-system in east'), step('install', 'running'), step('verify', 'pending')],
  outputs: {},
};

export const failedJoin: MeshOperation = {
  ...runningJoin,
  id: 'op-failed',
  params: { meshId: 'payments', cluster: 'west', network: 'net-west' },
  status: 'failed',
  finishedAt: '2026-12-01T09:00:03.000Z',
  createdAt: '2026-12-01T09:00:00.000Z',
  steps: [step('namespace', 'succeeded'), step('install', 'failed'), step('verify', 'pending')],
  error: {
    step: 'install',
    message: 'helm upgrade --install istiod-remote failed: timed out',
    completedSteps: ['namespace'],
    hint: 'Look at the pods of istio-system in west, then retry',
  },
};

export const succeededCreate: MeshOperation = {
  id: 'op-create',
  meshId: 'payments',
  kind: 'mesh.create',
  status: 'succeeded',
  params: {},
  requestedBy: 'user:default/admin',
  createdAt: '2026-12-01T08:00:00.000Z',
  startedAt: '2026-12-01T08:00:01.000Z',
  finishedAt: '2026-12-01T08:01:00.000Z',
  steps: [step('register', 'succeeded', 'registered mesh payments'), step('helm-istiod', 'succeeded')],
  outputs: { revision: 'default', controlPlaneAddress: '10.0.0.7' },
};
