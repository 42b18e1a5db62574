import type { KubernetesObject } from '@kubernetes/client-node';
import type { MeshView, TopologyGraph } from '@meshfleet/plugin-mesh-common';
import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { ClusterClient } from '../../lifecycle/clusters/ClusterClient';
import type { ClusterConnector } from '../../lifecycle/clusters/ClusterConnector';
import { ClusterRequestError } from '../../lifecycle/clusters/ClusterRequestError';
import { dryRunRefusal } from './dryRunMessages';
import { observabilityTraffic } from './observabilityTraffic';
import { hasErrors, PolicyValidator, summarize } from './PolicyValidator';
import { fleetCrdFile } from './testing';

/*
 * The validator against clusters that answer from memory: the CRDs are the
 * fleet chart copy's, a member's Services and Pods count, an unreachable
 * member is named and the rest still checked.
 */

const crds = parseAllDocuments(fs.readFileSync(fleetCrdFile(), 'utf8'))
  .map(d => d.toJS() as KubernetesObject)
  .filter(o => o?.kind === 'CustomResourceDefinition');

function clusterWith(name: string, objects: KubernetesObject[]): ClusterClient {
  const list = async (apiVersion: string, kind: string) => objects.filter(o => o.apiVersion === apiVersion && o.kind === kind) as never[];
  return {
    cluster: name,
    list,
    get: async ref => objects.find(o => o.kind === ref.kind && o.metadata?.name === ref.name && (o.metadata?.namespace ?? undefined) === ref.namespace) as never,
    apply: async () => {
      throw new Error('not in these tests');
    },
    create: async () => 'created',
    replace: async () => {
      throw new Error('not in these tests');
    },
    mergePatch: async () => {
      throw new Error('not in these tests');
    },
    delete: async () => 'absent',
    proxyGet: async () => undefined,
    version: async () => 'v1.36.3',
  };
}

function unreachable(name: string): ClusterClient {
  const refuse = async () => {
    throw new ClusterRequestError(name, 'list', 'v1 Pod', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:16447'), { code: 'ECONNREFUSED' }));
  };
  return { ...clusterWith(name, []), list: refuse };
}

const service = (name: string, namespace: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec: { selector: { app: name }, ports: [{ name: 'http', port: 9080, targetPort: 9080, protocol: 'TCP' }] },
});
const pod = (name: string, namespace: string, labels: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels, annotations: { 'sidecar.istio.io/status': '{}' } },
  spec: { containers: [{ name: 'app' }, { name: 'istio-proxy' }] },
});

const mesh = {
  id: 'payments',
  controlPlaneCluster: 'cp',
  clusters: [
    { cluster: 'cp', role: 'control-plane' },
    { cluster: 'east', role: 'remote' },
    { cluster: 'west', role: 'remote' },
  ],
} as unknown as MeshView;

function connector(clients: Record<string, ClusterClient>): ClusterConnector {
  return { forCluster: async name => clients[name] } as ClusterConnector;
}

const route = (host: string, subset?: string) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: host, namespace: 'shop' },
  spec: { hosts: [host], http: [{ route: [{ destination: { host, ...(subset ? { subset } : {}) } }] }] },
});

describe('PolicyValidator', () => {
  const clients = {
    cp: clusterWith('cp', [...crds, service('ratings', 'shop'), pod('ratings-1', 'shop', { app: 'ratings', version: 'v1' })]),
    east: clusterWith('east', [service('reviews', 'shop'), pod('reviews-1', 'shop', { app: 'reviews', version: 'v1' })]),
    west: unreachable('west'),
  };

  it('finds hosts in member clusters, names an unreachable member and checks the rest', async () => {
    const validator = new PolicyValidator(connector(clients));
    const { messages, passed } = await validator.check(mesh, 'cp', [route('reviews'), route('ratings'), route('details')]);
    expect(messages.map(m => [m.code, m.level, m.name, m.objectIndex, m.field])).toEqual([
      ['IST0101', 'error', 'details', 2, 'spec.http[0].route[0].destination.host'],
      ['MSH0004', 'info', 'reviews', 0, undefined],
    ]);
    expect(messages[1].message).toContain('west (connect ECONNREFUSED 127.0.0.1:16447)');
    expect(passed.map(o => o.metadata.name)).toEqual(['reviews', 'ratings']);
  });

  it("checks the schema the config cluster's CRDs declare, and names what an incomplete object lacks", async () => {
    const validator = new PolicyValidator(connector(clients));
    const timeout = { ...route('ratings'), spec: { hosts: ['ratings'], http: [{ timeout: 5, route: [{ destination: { host: 'ratings' } }] }] } };
    const { messages } = await validator.check(mesh, 'cp', [timeout, { kind: 'VirtualService', apiVersion: 'networking.istio.io/v1', spec: {} }]);
    expect(messages.map(m => [m.code, m.layer, m.objectIndex, m.field])).toEqual([
      ['IST0106', 'schema', 1, 'metadata.name'],
      ['IST0106', 'schema', 1, 'metadata.namespace'],
      ['IST0106', 'schema', 0, 'spec.http[0].timeout'],
    ]);
    expect(messages[2].message).toContain('expected a string, got number 5');
  });

  it('sees the config cluster policies as they are now: the subset of a DestinationRule created after the last check counts', async () => {
    const objects: KubernetesObject[] = [...crds, service('ratings', 'shop'), pod('ratings-1', 'shop', { app: 'ratings', version: 'v1' })];
    const validator = new PolicyValidator(connector({ ...clients, cp: clusterWith('cp', objects) }));
    expect(hasErrors((await validator.check(mesh, 'cp', [route('ratings', 'v1')])).messages)).toBe(true);
    objects.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'ratings', namespace: 'shop' },
      spec: { host: 'ratings', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
    } as KubernetesObject);
    expect(hasErrors((await validator.check(mesh, 'cp', [route('ratings', 'v1')])).messages)).toBe(false);
  });
});

describe('PolicyValidator and recent traffic', () => {
  const clients = {
    cp: clusterWith('cp', [...crds, service('reviews', 'shop'), pod('reviews-1', 'shop', { app: 'reviews', version: 'v1' })]),
    east: clusterWith('east', []),
    west: clusterWith('west', []),
  };
  const strict = {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'reviews', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'reviews' } }, mtls: { mode: 'STRICT' } },
  };

  it('reads the traffic only for a batch with a PeerAuthentication, and refuses STRICT for callers without a sidecar', async () => {
    const recentTraffic = jest.fn(async () => ({
      window: '5m',
      edges: [{ source: { kind: 'unknown' as const, name: 'unknown' }, target: { namespace: 'shop', name: 'reviews' }, sourceWithoutSidecar: true, requestsPerSecond: 1.5 }],
    }));
    const validator = new PolicyValidator(connector(clients), { traffic: { recentTraffic } });
    expect((await validator.check(mesh, 'cp', [route('reviews')])).messages).toEqual([]);
    expect(recentTraffic).not.toHaveBeenCalled();
    const { messages } = await validator.check(mesh, 'cp', [strict]);
    expect(messages.map(m => [m.code, m.level, m.field])).toEqual([['MSH0002', 'error', 'spec.mtls.mode']]);
    expect(messages[0].message).toContain('callers outside the mesh (unknown source) → shop/reviews (1.50 req/s)');
  });
});

describe('dry-run refusals', () => {
  const object = { kind: 'VirtualService', metadata: { namespace: 'shop', name: 'reviews' } };

  it("become one message per cause the API server's Status names, with its field", () => {
    const body = JSON.stringify({
      kind: 'Status',
      message: 'VirtualService.networking.istio.io "reviews" is invalid: spec.http[0].timeout: Invalid value',
      details: { causes: [{ field: 'spec.http[0].timeout', message: 'Invalid value: "1us": must be a valid duration greater than 1ms' }] },
    });
    const error = new ClusterRequestError('cp', 'apply (dry run)', 'VirtualService shop/reviews', Object.assign(new Error('HTTP-Code: 422'), { code: 422, body }));
    expect(dryRunRefusal(object, 3, 'cp', error)).toEqual([
      expect.objectContaining({ layer: 'dry-run', level: 'error', objectIndex: 3, field: 'spec.http[0].timeout', message: expect.stringContaining('must be a valid duration') }),
    ]);
  });

  it("without causes, carry the webhook's reason", () => {
    const body = JSON.stringify({ kind: 'Status', message: 'admission webhook "validation.istio.io" denied the request: HTTP route, redirect or direct_response is required' });
    const error = new ClusterRequestError('cp', 'apply (dry run)', 'VirtualService shop/reviews', Object.assign(new Error('HTTP-Code: 400'), { code: 400, body }));
    const [message] = dryRunRefusal(object, 0, 'cp', error);
    expect(message.field).toBeUndefined();
    expect(message.message).toContain('HTTP route, redirect or direct_response is required');
    expect(summarize([message], 'cp')).toContain('1 policy was refused by validation');
    expect(summarize([message], 'cp')).toContain('objects[0] VirtualService shop/reviews: cp refused it in a dry run');
  });
});

describe('recent traffic from the topology', () => {
  const graph = {
    window: '5m',
    nodes: [
      { id: 'unknown', kind: 'unknown', name: 'unknown' },
      { id: 'svc:shop:productpage', kind: 'service', namespace: 'shop', name: 'productpage' },
      { id: 'svc:shop:reviews', kind: 'service', namespace: 'shop', name: 'reviews' },
    ],
    edges: [
      { source: 'unknown', target: 'svc:shop:reviews', traffic: { requestRate: 2.5 } },
      { source: 'svc:shop:productpage', target: 'svc:shop:reviews', traffic: { requestRate: 10 } },
    ],
  } as unknown as TopologyGraph;

  it('marks callers the destination could not identify as without a sidecar', async () => {
    const source = observabilityTraffic({ status: () => ({ prometheus: { configured: true } }), topology: async () => graph });
    const traffic = await source.recentTraffic({ ...mesh, services: [] } as never);
    expect(traffic).toEqual({
      window: '5m',
      edges: [
        { source: { kind: 'unknown', name: 'unknown' }, target: { namespace: 'shop', name: 'reviews' }, sourceWithoutSidecar: true, requestsPerSecond: 2.5 },
        { source: { kind: 'service', namespace: 'shop', name: 'productpage' }, target: { namespace: 'shop', name: 'reviews' }, sourceWithoutSidecar: false, requestsPerSecond: 10 },
      ],
    });
  });

  it('says why it is skipped without Prometheus', async () => {
    const source = observabilityTraffic({ status: () => ({ prometheus: { configured: false } }), topology: async () => graph });
    expect(await source.recentTraffic({ ...mesh, services: [] } as never)).toEqual({ skipped: "no Prometheus is configured for mesh 'payments', so its recent callers are unknown" });
  });
});
