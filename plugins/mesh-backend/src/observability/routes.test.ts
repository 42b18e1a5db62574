import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { expectToMatchOpenApi } from '../__testUtils__/openApiValidator';
import { readTestdata, TESTDATA } from './__testUtils__/golden';
import { RecordedPrometheus } from './__testUtils__/recordedPrometheus';
import { readObservabilityConfig } from './config';
import { ObservabilityService } from './ObservabilityService';
import { registerObservabilityRoutes } from './routes';

const mesh = readTestdata<MeshDetail>('mesh-demo.json');

function app(prometheus: RecordedPrometheus, config: object = {}) {
  const observability = new ObservabilityService(
    readObservabilityConfig(
      new ConfigReader({
        meshfleet: {
          prometheus: { url: 'http://prometheus.invalid:9090' },
          grafana: { dashboardsDirectory: `${TESTDATA}/istio-dashboards` },
          ...config,
        },
      }),
    ),
    { prometheus },
  );
  const router = Router();
  registerObservabilityRoutes(router, {
    observability,
    readableMesh: async (_req, meshId) => {
      if (meshId !== mesh.id) {
        throw new NotFoundError(`No mesh with id '${meshId}'`);
      }
      return mesh;
    },
  });
  const middleware = MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() });
  return express().use(router).use(middleware.error());
}

describe('observability routes', () => {
  it('answers a namespace graph from three queries, then from the cache', async () => {
    const prometheus = new RecordedPrometheus().add('demo-namespaces-both', { kind: 'namespace', namespaces: ['payments', 'shop'] }, 'both');
    const server = app(prometheus);
    const first = await request(server).get('/meshes/demo/topology?namespaces=shop,payments');
    expect(first.status).toBe(200);
    expectToMatchOpenApi('/meshes/{meshId}/topology', 'get', 200, first.body);
    expect(first.body).toMatchObject({ queryCount: 3, cached: false, reporter: 'both', window: '5m' });
    const second = await request(server).get('/meshes/demo/topology?namespaces=payments,shop');
    expect(second.body.cached).toBe(true);
    expect(prometheus.queries).toHaveLength(3);
  });

  it('answers service health and neighbours from the service graph', async () => {
    const prometheus = new RecordedPrometheus().add('demo-service-both', { kind: 'service', namespace: 'shop', service: 'cart' }, 'both');
    const server = app(prometheus);
    const health = await request(server).get('/meshes/demo/services/shop/cart/health');
    expect(health.status).toBe(200);
    expectToMatchOpenApi('/meshes/{meshId}/services/{namespace}/{service}/health', 'get', 200, health.body);
    expect(health.body.clusters.map((c: any) => c.cluster)).toEqual(['east', 'west']);
    const neighbours = await request(server).get('/meshes/demo/services/shop/cart/neighbours');
    expectToMatchOpenApi('/meshes/{meshId}/services/{namespace}/{service}/neighbours', 'get', 200, neighbours.body);
    expect(neighbours.body.neighbours.map((n: any) => `${n.direction}:${n.node.id}:${n.edge.protocol}`).sort()).toEqual([
      'inbound:svc:shop:frontend:http',
      'outbound:svc:shop:checkout:grpc',
    ]);
    expect(prometheus.queries).toHaveLength(3);
  });

  it.each([
    ['/meshes/demo/topology?namespaces=shop,nope', "namespaces: unknown in mesh 'demo': nope"],
    ['/meshes/demo/topology?clusters=east,north', "clusters: not clusters of mesh 'demo': north"],
    ['/meshes/demo/topology?window=1d', 'window: 1d is outside the allowed range 1m..6h'],
    ['/meshes/demo/services/shop/nope/health', "service: 'shop/nope' is not a service of mesh 'demo'"],
    ['/meshes/demo/services/shop/cart/metrics?range=6h&step=5s', 'the limit is 720'],
    ['/meshes/demo/dashboards/service?namespace=shop&service=cart&panels=99999', 'panels: no drawable panel with id 99999'],
  ])('refuses %s with 400 naming the problem', async (path, message) => {
    const response = await request(app(new RecordedPrometheus())).get(path);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
  });

  it('answers 404 for a mesh the caller may not read', async () => {
    expect((await request(app(new RecordedPrometheus())).get('/meshes/other/topology')).status).toBe(404);
  });

  it('answers 503 with the reason when the mesh has no Prometheus, and says what is configured', async () => {
    const server = app(new RecordedPrometheus(), {});
    const status = await request(server).get('/meshes/demo/observability');
    expect(status.body).toEqual({ meshId: 'demo', prometheus: { configured: true }, grafana: { configured: false, dashboardsDirectory: true } });
    expectToMatchOpenApi('/meshes/{meshId}/observability', 'get', 200, status.body);

    const unconfigured = new ObservabilityService(readObservabilityConfig(new ConfigReader({})));
    const router = Router();
    registerObservabilityRoutes(router, { observability: unconfigured, readableMesh: async () => mesh });
    const middleware = MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() });
    const response = await request(express().use(router).use(middleware.error())).get('/meshes/demo/topology');
    expect(response.status).toBe(503);
    expectToMatchOpenApi('/meshes/{meshId}/topology', 'get', 503, response.body);
    expect(response.body.error).toMatchObject({ reason: 'not-configured', backend: 'prometheus' });
    expect(response.body.error.message).toContain('set meshfleet.prometheus.url or meshfleet.meshes.demo.prometheus.url');
  });

  it('gives Grafana links only when a Grafana URL is configured', async () => {
    const response = await request(app(new RecordedPrometheus())).get('/meshes/demo/services/shop/cart/grafana');
    expect(response.body).toEqual({ meshId: 'demo', configured: false, problems: [], dashboards: [] });
    expectToMatchOpenApi('/meshes/{meshId}/services/{namespace}/{service}/grafana', 'get', 200, response.body);
  });
});
