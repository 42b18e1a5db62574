import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MeshDetail, MeshModel } from '@meshfleet/plugin-mesh-common';
import { meshPermissionRules } from '@meshfleet/plugin-mesh-node';
import express from 'express';
import request from 'supertest';
import { expectToMatchOpenApi } from '../__testUtils__/openApiValidator';
import { readTestdata, TESTDATA } from '../observability/__testUtils__/golden';
import { RecordedPrometheus } from '../observability/__testUtils__/recordedPrometheus';
import { ObservabilityService, readObservabilityConfig } from '../observability';
import { MeshStore } from '../database/MeshStore';
import { createRouter } from './router';

/*
 * The observability routes and GET /component-services as the plugin mounts
 * them: behind the OpenAPI document's request validation and the same
 * mesh.read decision as GET /meshes/{meshId}.
 */

// Creating the validated OpenAPI router takes seconds on a loaded machine.
jest.setTimeout(60_000);

const demo = readTestdata<MeshDetail>('mesh-demo.json');
const model: MeshModel = { meshes: [demo], clusters: [] };

async function app(options: { denyRead?: boolean; prometheus?: RecordedPrometheus } = {}) {
  const permissions = mockServices.permissions.mock({
    authorize: async requests => requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    // Allow everything, or deny mesh.read outright.
    authorizeConditional: async requests =>
      requests.map(() => ({ result: options.denyRead ? AuthorizeResult.DENY : AuthorizeResult.ALLOW })),
  });
  const observability = new ObservabilityService(
    readObservabilityConfig(
      new ConfigReader({
        meshfleet: {
          prometheus: { url: 'http://prometheus.invalid:9090' },
          grafana: { dashboardsDirectory: `${TESTDATA}/istio-dashboards` },
        },
      }),
    ),
    { prometheus: options.prometheus ?? new RecordedPrometheus() },
  );
  const router = await createRouter({
    logger: mockServices.logger.mock(),
    httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.user() }),
    permissions,
    permissionRuleset: {
      getRuleByName: name => Object.values(meshPermissionRules).find(rule => rule.name === name)!,
    },
    auditor: mockServices.auditor.mock(),
    events: mockServices.events.mock(),
    model: { getModel: async () => model },
    store: { listMeshes: async () => [] } as unknown as MeshStore,
    observability,
  });
  const middleware = MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() });
  return express().use(router).use(middleware.error());
}

describe('GET /component-services', () => {
  it('finds the services of a Component by label selector, as the catalog module relates them', async () => {
    const response = await request(await app()).get('/component-services?labelSelector=app%3Dcart&namespace=shop');
    expect(response.status).toBe(200);
    expectToMatchOpenApi('/component-services', 'get', 200, response.body);
    expect(response.body).toEqual({
      services: [
        {
          meshId: 'demo',
          meshTitle: demo.title,
          namespace: 'shop',
          name: 'cart',
          hostname: 'cart.shop.svc.cluster.local',
          clusters: demo.services.find(s => s.name === 'cart')!.instances.map(i => ({ cluster: i.cluster, injected: i.injected })),
        },
      ],
    });
  });

  it('finds them by kubernetes-id, in any namespace unless one is given', async () => {
    const server = await app();
    const byId = await request(server).get('/component-services?kubernetesId=ledger');
    expect(byId.body.services.map((s: any) => `${s.meshId}/${s.namespace}/${s.name}`)).toEqual(['demo/payments/ledger']);
    const elsewhere = await request(server).get('/component-services?kubernetesId=ledger&namespace=shop');
    expect(elsewhere.body).toEqual({ services: [] });
  });

  it('finds nothing in meshes the caller may not read', async () => {
    const response = await request(await app({ denyRead: true })).get('/component-services?kubernetesId=cart');
    expect(response.body).toEqual({ services: [] });
  });

  it.each([
    ['/component-services', 'kubernetesId or labelSelector: one is required'],
    ['/component-services?labelSelector=app%3E%3Ecart', "labelSelector: cannot read 'app>>cart'"],
  ])('refuses %s naming the parameter', async (path, message) => {
    const response = await request(await app()).get(path);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
  });
});

describe('observability routes as mounted', () => {
  it('answers a service graph through the validated router', async () => {
    const prometheus = new RecordedPrometheus().add('demo-service-both', { kind: 'service', namespace: 'shop', service: 'cart' }, 'both');
    const response = await request(await app({ prometheus })).get('/meshes/demo/topology?service=shop%2Fcart&reporter=both');
    expect(response.status).toBe(200);
    expectToMatchOpenApi('/meshes/{meshId}/topology', 'get', 200, response.body);
    expect(response.body.scope).toEqual({ kind: 'service', namespace: 'shop', service: 'cart' });
  });

  it('answers 404 for a mesh the caller may not read, as GET /meshes/{meshId} does', async () => {
    const server = await app({ denyRead: true });
    expect((await request(server).get('/meshes/demo')).status).toBe(404);
    const response = await request(server).get('/meshes/demo/services/shop/cart/health');
    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe("No mesh with id 'demo'");
  });

  it('refuses a reporter the document does not allow before any handler runs', async () => {
    const response = await request(await app()).get('/meshes/demo/topology?reporter=everyone');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/reporter/);
  });
});
