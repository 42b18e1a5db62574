import type { V1Deployment, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { batches, hasSidecar, rolloutProblem, sidecarRevision, workloadSidecars } from './workloadRollout';

/*
 * When a restart counts as rolled out, and what a pod's sidecar says, as
 * Kubernetes and Istio write them (the fleet test checks real ones).
 */

const deployment = (status: V1Deployment['status'], generation = 2): V1Deployment => ({
  metadata: { name: 'echo', uid: 'd', generation, annotations: { 'deployment.kubernetes.io/revision': '2' } },
  spec: { replicas: 2, selector: {}, template: {} },
  status,
});
const replicaSet = (uid: string, revision: string): V1ReplicaSet => ({
  metadata: { uid, ownerReferences: [{ uid: 'd', apiVersion: 'apps/v1', kind: 'Deployment', name: 'echo' }], annotations: { 'deployment.kubernetes.io/revision': revision } },
});
const pod = (name: string, owner: string, fields: Partial<V1Pod> = {}): V1Pod => ({
  metadata: { name, ownerReferences: [{ uid: owner, apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner }], ...fields.metadata },
  spec: { containers: [{ name: 'echo' }], ...fields.spec },
});
const done = { observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 2 };
const sets = [replicaSet('old', '1'), replicaSet('new', '2')];

describe('rolloutProblem', () => {
  it('is done when the controller saw the spec, all replicas are updated and ready, and no old pod is left', () => {
    expect(rolloutProblem(deployment(done), sets, [pod('a', 'new'), pod('b', 'new')])).toBeUndefined();
  });

  it.each([
    [deployment({ ...done, observedGeneration: 1 }), [], 'the controller has not seen generation 2 yet (observed 1)'],
    [deployment({ ...done, updatedReplicas: 1, replicas: 3 }), [], '1/2 updated, 2 ready, 3 in all'],
    [deployment({ ...done, readyReplicas: 1 }), [], '2/2 updated, 1 ready, 2 in all'],
    [deployment(done), [pod('old-1', 'old', { metadata: { deletionTimestamp: new Date() } })], '2/2 updated, 2 ready, 2 in all; 1 pods of an older ReplicaSet left (old-1)'],
  ])('says what is missing (%#)', (d, pods, problem) => {
    expect(rolloutProblem(d, sets, pods)).toBe(problem);
  });
});

describe('sidecars', () => {
  const injected = pod('a', 'new', {
    metadata: { annotations: { 'sidecar.istio.io/status': JSON.stringify({ revision: 'canary-1', containers: ['istio-proxy'] }) } },
    spec: { containers: [{ name: 'echo' }, { name: 'istio-proxy' }] },
  });
  const native = pod('b', 'new', {
    metadata: { labels: { 'istio.io/rev': 'default' } },
    spec: { containers: [{ name: 'echo' }], initContainers: [{ name: 'istio-proxy', restartPolicy: 'Always' }] },
  });
  const plain = pod('c', 'new');

  it('finds the sidecar as a container or a native sidecar, and its revision from the label or the status annotation', () => {
    expect([injected, native, plain].map(hasSidecar)).toEqual([true, true, false]);
    expect([injected, native, plain].map(sidecarRevision)).toEqual(['canary-1', 'default', undefined]);
  });

  it('counts a workload’s live pods only', () => {
    const leaving = pod('d', 'old', { metadata: { deletionTimestamp: new Date() }, spec: injected.spec });
    expect(workloadSidecars('echo', [injected, native, plain, leaving])).toEqual({
      workload: 'echo',
      pods: 3,
      podsWithSidecar: 2,
      revisions: ['canary-1', 'default'],
    });
  });

  it('batches in order', () => {
    expect(batches(['a', 'b', 'c'], 2)).toEqual([['a', 'b'], ['c']]);
  });
});
