import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { expectToMatchOpenApi } from '../__testUtils__/openApiValidator';
import { sampleModel } from '../__testUtils__/sampleModel';
import { createRouter } from './router';

async function app(options: { deny?: string } = {}) {
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result: r.permission.name === options.deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
      })),
  });
  const router = await createRouter({
    logger: mockServices.logger.mock(),
    httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }),
    permissions,
    model: { getModel: async () => sampleModel },
  });
  const middleware = MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() });
  return express().use(router).use(middleware.error());
}

const user = mockCredentials.user.header();

describe('mesh backend routes', () => {
  it('lists meshes without their services, as the OpenAPI document says', async () => {
    const response = await request(await app()).get('/meshes').set('Authorization', user);
    expect(response.status).toBe(200);
    expectToMatchOpenApi('/meshes', 'get', 200, response.body);
    expect(response.body).toHaveLength(1);
    expect(response.body[0]).not.toHaveProperty('services');
    expect(response.body[0]).toMatchObject({ id: 'shop', serviceCount: 1, health: 'degraded' });
  });

  it('returns one mesh with services, conflicts and drift', async () => {
    const response = await request(await app()).get('/meshes/shop').set('Authorization', user);
    expect(response.status).toBe(200);
    expectToMatchOpenApi('/meshes/{meshId}', 'get', 200, response.body);
    expect(response.body.services[0].conflicts).toEqual(["port 'http' is 8080 in east but 9090 in west"]);
    expect(response.body.drift[0].kind).toBe('version-mismatch');
  });

  it('answers 404 naming the unknown mesh', async () => {
    const response = await request(await app()).get('/meshes/nope').set('Authorization', user);
    expect(response.status).toBe(404);
    expectToMatchOpenApi('/meshes/{meshId}', 'get', 404, response.body);
    expect(response.body.error.message).toBe("No mesh with id 'nope'");
  });

  it('answers 400 naming the field for a malformed mesh id', async () => {
    const response = await request(await app()).get('/meshes/Not_A_Mesh').set('Authorization', user);
    expect(response.status).toBe(400);
    expectToMatchOpenApi('/meshes/{meshId}', 'get', 400, response.body);
    expect(response.body.error.message).toContain("Invalid meshId 'Not_A_Mesh'");
  });

  it('lists clusters with their reachability and the reason they are unreachable', async () => {
    const response = await request(await app()).get('/clusters').set('Authorization', user);
    expect(response.status).toBe(200);
    expectToMatchOpenApi('/clusters', 'get', 200, response.body);
    expect(response.body[0]).toMatchObject({ name: 'west', reachability: 'unreachable', error: expect.stringContaining('ECONNREFUSED') });
  });

  it('checks mesh.cluster.read for clusters separately from mesh.read', async () => {
    const denied = await app({ deny: 'mesh.cluster.read' });
    expect((await request(denied).get('/clusters').set('Authorization', user)).status).toBe(403);
    expect((await request(denied).get('/meshes').set('Authorization', user)).status).toBe(200);
  });

  it('answers 401 without a token on every model route', async () => {
    for (const path of ['/meshes', '/meshes/shop', '/clusters']) {
      const response = await request(await app()).get(path);
      expect(response.status).toBe(401);
    }
  });
});
