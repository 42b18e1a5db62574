import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { MeshDetail } from '@meshfleet/plugin-mesh-common';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { expectToMatchOpenApi } from '../__testUtils__/openApiValidator';
import type { ClusterClient } from '../lifecycle/clusters/ClusterClient';
import type { ClusterConnector } from '../lifecycle/clusters/ClusterConnector';
import { ClusterRequestError } from '../lifecycle/clusters/ClusterRequestError';
import { registerWorkloadRoutes } from './routes';
import { MAX_NAMESPACES, WorkloadService } from './WorkloadService';

/*
 * The workloads route over clusters held in memory (the fleet test reads
 * real ones): the answer per cluster against the OpenAPI document, a cluster
 * that refuses listed with its error, the short cache, the service view and
 * the 400s that name the parameter.
 */

const mesh = {
  id: 'demo',
  clusters: [
    { cluster: 'mesh-cp', role: 'control-plane', reachability: 'reachable' },
    { cluster: 'east', role: 'remote', reachability: 'reachable' },
    { cluster: 'west', role: 'remote', reachability: 'unreachable' },
  ],
  services: [
    {
      namespace: 'shop',
      name: 'cart',
      hostname: 'cart.shop.svc.cluster.local',
      instances: [{ cluster: 'east', ports: [], selector: { app: 'cart' }, injected: true }],
      conflicts: [],
    },
    { namespace: 'payments', name: 'ledger', hostname: 'ledger.payments.svc.cluster.local', instances: [], conflicts: [] },
  ],
} as unknown as MeshDetail;

const injector = { metadata: { name: 'istio-sidecar-injector', labels: { 'istio.io/rev': 'default' } } };
const namespace = (name: string) => ({ metadata: { name, labels: { 'istio-injection': 'enabled' } } });
const deployment = (name: string, appLabel: string) => ({
  metadata: { name, namespace: 'shop' },
  spec: { replicas: 1, selector: {}, template: { metadata: { labels: { app: appLabel } } } },
});
const pod = (name: string, appLabel: string, sidecar: boolean) => ({
  metadata: {
    name: `${name}-abc12-xyz`,
    namespace: 'shop',
    labels: { app: appLabel, 'pod-template-hash': 'abc12' },
    annotations: sidecar ? { 'sidecar.istio.io/status': '{"revision":"default"}' } : undefined,
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-abc12`, uid: 'u', controller: true }],
  },
  spec: { containers: [{ name: appLabel }, ...(sidecar ? [{ name: 'istio-proxy' }] : [])] },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});

/** A cluster in memory: its objects by kind (listed per namespace where they have one). */
function clusterWith(name: string, objects: Record<string, object[]>, calls: string[]): ClusterClient {
  return {
    cluster: name,
    list: async <T extends KubernetesObject>(_apiVersion: string, kind: string, options?: { namespace?: string }) => {
      calls.push(`${name} ${kind}${options?.namespace ? ` ${options.namespace}` : ''}`);
      return (objects[kind] ?? []).filter(o => !options?.namespace || (o as KubernetesObject).metadata?.namespace === options.namespace) as T[];
    },
  } as unknown as ClusterClient;
}

function refusing(name: string): ClusterClient {
  return {
    cluster: name,
    list: async () => {
      throw new ClusterRequestError(name, 'list', 'Namespace', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:16445'), { code: 'ECONNREFUSED' }));
    },
  } as unknown as ClusterClient;
}

function app(clients: Record<string, ClusterClient>) {
  const connector = { forCluster: async (name: string) => clients[name] } as unknown as ClusterConnector;
  const router = Router();
  registerWorkloadRoutes(router, {
    workloads: new WorkloadService(connector),
    readableMesh: async (_req, meshId) => {
      if (meshId !== mesh.id) throw new NotFoundError(`No mesh with id '${meshId}'`);
      return mesh;
    },
  });
  const middleware = MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() });
  return express().use(router).use(middleware.error());
}

describe('GET /meshes/{meshId}/workloads', () => {
  const calls: string[] = [];
  const east = clusterWith(
    'east',
    {
      Namespace: [namespace('shop'), namespace('payments')],
      MutatingWebhookConfiguration: [injector],
      Deployment: [deployment('cart-v1', 'cart'), deployment('catalog-v1', 'catalog')],
      Pod: [pod('cart-v1', 'cart', true), pod('catalog-v1', 'catalog', false)],
    },
    calls,
  );
  const server = app({ 'mesh-cp': clusterWith('mesh-cp', { MutatingWebhookConfiguration: [injector] }, calls), east, west: refusing('west') });

  beforeEach(() => calls.splice(0));

  it('answers every cluster of the mesh, the one that refuses with its error, and reuses the reads for a few seconds', async () => {
    const first = await request(server).get('/meshes/demo/workloads?namespace=shop');
    expect(first.status).toBe(200);
    expectToMatchOpenApi('/meshes/{meshId}/workloads', 'get', 200, first.body);
    expect(first.body.clusters.map((c: { cluster: string }) => c.cluster)).toEqual(['mesh-cp', 'east', 'west']);
    const [cp, eastAnswer, west] = first.body.clusters;
    expect(cp).toMatchObject({ namespaces: [{ namespace: 'shop', exists: false, mode: 'none' }], workloads: [] });
    expect(eastAnswer.workloads.map((w: { name: string; mismatched: unknown[] }) => [w.name, w.mismatched.length])).toEqual([
      ['cart-v1', 0],
      ['catalog-v1', 1],
    ]);
    expect(west).toMatchObject({ cluster: 'west', role: 'remote', workloads: [] });
    expect(west.error).toContain('west: list Namespace: connect ECONNREFUSED');
    const listed = calls.length;

    const again = await request(server).get('/meshes/demo/workloads?namespace=shop');
    expect(again.body.readAt).toBe(first.body.readAt);
    // Only the refusing cluster is asked again: a failed read is not kept.
    expect(calls.length).toBe(listed);
  });

  it('reads the namespaces of the mesh services when none is named', async () => {
    const response = await request(server).get('/meshes/demo/workloads?cluster=east');
    expect(response.body.namespaces).toEqual(['payments', 'shop']);
    expect(response.body.clusters.map((c: { cluster: string }) => c.cluster)).toEqual(['east']);
    expect(calls).toEqual(expect.arrayContaining(['east Pod payments', 'east Pod shop', 'east Deployment shop']));
  });

  it("answers a service's workloads in the clusters it runs in", async () => {
    const response = await request(server).get('/meshes/demo/workloads?service=shop/cart');
    expect(response.status).toBe(200);
    expectToMatchOpenApi('/meshes/{meshId}/workloads', 'get', 200, response.body);
    expect(response.body).toMatchObject({ service: 'shop/cart', namespaces: ['shop'] });
    expect(response.body.clusters).toHaveLength(1);
    expect(response.body.clusters[0].workloads.map((w: { name: string }) => w.name)).toEqual(['cart-v1']);
  });

  it.each([
    ['namespace=Shop_1', "namespace: 'Shop_1' is not a namespace name"],
    [`namespace=${Array.from({ length: MAX_NAMESPACES + 1 }, (_, i) => `ns-${i}`).join(',')}`, `namespace: ${MAX_NAMESPACES + 1} namespaces asked for; at most ${MAX_NAMESPACES} per request`],
    ['cluster=north', "cluster: 'north' is not a cluster of mesh 'demo'; its clusters are mesh-cp, east, west"],
    ['service=shop/nowhere', "service: mesh 'demo' has no service 'shop/nowhere'"],
    ['service=cart', "service: 'cart' is not <namespace>/<name>"],
    ['service=shop/cart&namespace=shop', 'service: not with namespace'],
  ])('refuses %s with a 400 naming the parameter', async (query, message) => {
    const response = await request(server).get(`/meshes/demo/workloads?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
    expect(calls).toEqual([]);
  });

  it('answers 404 for a mesh the caller may not read', async () => {
    expect((await request(server).get('/meshes/other/workloads')).status).toBe(404);
  });
});
