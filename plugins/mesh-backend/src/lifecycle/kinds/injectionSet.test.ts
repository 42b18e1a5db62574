import type { KubernetesObject } from '@kubernetes/client-node';
import type { MeshModel } from '@meshfleet/plugin-mesh-common';
import type { ClusterClient } from '../clusters/ClusterClient';
import type { LifecycleServices } from '../services';
import { parseInjectionSetParams, validateInjectionSet } from './injectionSet';
import { parseWorkloadRestartParams, validateWorkloadRestart } from './workloadRestart';

/*
 * The request bodies of `injection.set` and `workload.restart` and their
 * refusals before anything changes, against in-memory clusters (the fleet
 * test, injection.fleet.test.ts, runs them against real ones).
 */

const body = { kind: 'injection.set', meshId: 'demo', cluster: 'east', namespace: 'shop', enabled: true };

describe('parseInjectionSetParams', () => {
  it('reads a full request and parses its own output to the same value', () => {
    const parsed = parseInjectionSetParams({
      ...body,
      workload: 'reviews-v1',
      tag: 'canary',
      resources: { cpuRequest: '50m', memoryLimit: '1.5Gi' },
    });
    expect(parsed).toEqual({ ...body, workload: 'reviews-v1', tag: 'canary', resources: { cpuRequest: '50m', memoryLimit: '1.5Gi' } });
    expect(parseInjectionSetParams(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });

  it.each([
    [{ ...body, revision: '1-31-0', tag: 'canary' }, /^revision, tag: give a revision or a revision tag, not both$/],
    [{ ...body, enabled: 'yes' }, /^enabled: expected true or false, got "yes"$/],
    [{ ...body, enabled: undefined }, /^enabled: expected true or false/],
    [{ ...body, enabled: false, revision: '1-31-0' }, /^revision: only with enabled: true/],
    [{ ...body, resources: { cpuRequest: '1' } }, /^resources: only for a workload/],
    [{ ...body, workload: 'r', resources: { cpuRequest: '100 m' } }, /^resources\.cpuRequest: '100 m' is not a Kubernetes quantity/],
    [{ ...body, workload: 'r', resources: { cpu: '1' } }, /^resources\.cpu: unknown field; expected only cpuRequest, memoryRequest, cpuLimit, memoryLimit$/],
    [{ ...body, workload: 'Reviews' }, /^workload: 'Reviews' is not a Deployment name/],
    [{ ...body, namespace: 'shop.x' }, /^namespace: 'shop\.x' is not a valid namespace name/],
    [{ ...body, revision: '1.31.0' }, /^revision: '1\.31\.0' is not a valid istiod revision/],
    [{ ...body, labels: {} }, /^labels: unknown field/],
  ])('refuses %j', (request, message) => {
    expect(() => parseInjectionSetParams(request)).toThrow(message);
  });
});

const restart = { kind: 'workload.restart', meshId: 'demo', cluster: 'east', namespace: 'shop' };

describe('parseWorkloadRestartParams', () => {
  it('fills in the batch size and timeout and parses its own output to the same value', () => {
    const parsed = parseWorkloadRestartParams(restart);
    expect(parsed).toEqual({ ...restart, batchSize: 1, timeoutSeconds: 300 });
    expect(parseWorkloadRestartParams(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });

  it.each([
    [{ ...restart, batchSize: 0 }, /^batchSize: expected an integer from 1 to 50, got 0$/],
    [{ ...restart, batchSize: 2.5 }, /^batchSize: expected an integer from 1 to 50/],
    [{ ...restart, timeoutSeconds: 5 }, /^timeoutSeconds: expected an integer from 10 to 3600, got 5$/],
    [{ ...restart, workloads: [] }, /^workloads: expected a non-empty list of Deployment names/],
    [{ ...restart, workloads: ['a', 'a'] }, /^workloads: 'a' is listed twice$/],
    [{ ...restart, workloads: ['a', 3] }, /^workloads\[1\]: expected a Deployment name, got 3$/],
  ])('refuses %j', (request, message) => {
    expect(() => parseWorkloadRestartParams(request)).toThrow(message);
  });
});

/** A cluster holding these objects, answering reads only. */
function clusterWith(name: string, objects: KubernetesObject[]): ClusterClient {
  const refuse = async () => {
    throw new Error('validation writes nothing');
  };
  return {
    cluster: name,
    list: async (apiVersion: string, kind: string) => objects.filter(o => o.apiVersion === apiVersion && o.kind === kind) as never[],
    get: async ref =>
      objects.find(o => o.kind === ref.kind && o.metadata?.name === ref.name && (o.metadata?.namespace ?? undefined) === ref.namespace) as never,
    apply: refuse,
    create: refuse,
    replace: refuse,
    mergePatch: refuse,
    delete: refuse,
    proxyGet: refuse,
    version: async () => 'v1.36.3',
  };
}

const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const webhook = (name: string) => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name } });
const deployment = (namespaceName: string, name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: namespaceName, labels },
});

const clusters: Record<string, ClusterClient> = {
  'mesh-cp': clusterWith('mesh-cp', [deployment('istio-system', 'istiod', { app: 'istiod', 'istio.io/rev': 'default' })]),
  east: clusterWith('east', [namespace('shop'), deployment('shop', 'reviews-v1'), webhook('istio-sidecar-injector'), webhook('istio-revision-tag-canary')]),
  west: clusterWith('west', [namespace('shop')]),
};

const model = {
  clusters: [],
  meshes: [
    {
      id: 'demo',
      type: 'hosted',
      controlPlaneCluster: 'mesh-cp',
      clusters: [
        { cluster: 'mesh-cp', role: 'control-plane' },
        { cluster: 'east', role: 'remote' },
        { cluster: 'west', role: 'remote' },
      ],
    },
    { id: 'adopted', type: 'external', controlPlaneCluster: 'other', clusters: [{ cluster: 'other', role: 'control-plane' }] },
  ],
} as unknown as MeshModel;

const services = {
  model: { getModel: async () => model },
  clusters: { forCluster: async (name: string) => clusters[name] },
} as unknown as LifecycleServices;

const validate = (request: object) => validateInjectionSet(parseInjectionSetParams({ ...body, ...request }), services);

describe('validateInjectionSet', () => {
  it('accepts a namespace by the default revision, a revision, a tag, and a workload', async () => {
    await expect(validate({})).resolves.toBeUndefined();
    await expect(validate({ revision: 'default' })).resolves.toBeUndefined();
    await expect(validate({ tag: 'canary' })).resolves.toBeUndefined();
    await expect(validate({ workload: 'reviews-v1', enabled: false })).resolves.toBeUndefined();
  });

  it.each([
    [{ meshId: 'nope' }, "meshId: no mesh with id 'nope' (neither managed nor discovered)"],
    [{ meshId: 'adopted', cluster: 'other' }, "meshId: mesh 'adopted' is external"],
    [{ cluster: 'elsewhere' }, "cluster: 'elsewhere' is not a cluster of mesh 'demo' (its clusters: mesh-cp, east, west)"],
    [{ namespace: 'missing' }, "namespace: no namespace 'missing' in cluster 'east'"],
    [{ workload: 'ratings-v1' }, "workload: no Deployment 'ratings-v1' in namespace 'shop' of cluster 'east'"],
    [{ revision: '1-99-0' }, "revision: '1-99-0' is not an istiod revision of mesh 'demo' (istiod runs default in mesh-cp)"],
    [{ tag: 'stable' }, "tag: revision tag 'stable' points nowhere in cluster 'east' (no MutatingWebhookConfiguration istio-revision-tag-stable)"],
    [{ cluster: 'west' }, "revision: cluster 'west' has no injector for the default revision"],
  ])('refuses %j', async (request, message) => {
    await expect(validate(request)).rejects.toThrow(message);
  });
});

describe('validateWorkloadRestart', () => {
  it('refuses a Deployment the namespace does not have, naming its place in the list', async () => {
    const params = parseWorkloadRestartParams({ ...restart, workloads: ['reviews-v1', 'ratings-v1'] });
    await expect(validateWorkloadRestart(params, services)).rejects.toThrow(
      "workloads[1]: no Deployment 'ratings-v1' in namespace 'shop' of cluster 'east'",
    );
  });

  it('refuses a namespace the cluster does not have', async () => {
    const params = parseWorkloadRestartParams({ ...restart, cluster: 'west', namespace: 'payments' });
    await expect(validateWorkloadRestart(params, services)).rejects.toThrow("namespace: no namespace 'payments' in cluster 'west'");
  });
});
