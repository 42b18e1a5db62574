import { ResponseError } from '@backstage/errors';
import { createServer } from 'node:net';
import { MeshRecord } from '../types';
import { MeshConflictError, MeshPolicyValidationError } from './errors';
import { MeshClient } from './MeshClient';

const discoveryApi = { getBaseUrl: async (pluginId: string) => `http://backend.test/api/${pluginId}` };

const record: MeshRecord = {
  id: 'payments',
  title: 'Payments mesh',
  type: 'hosted',
  controlPlaneCluster: 'mesh-cp',
  controlPlaneNetwork: 'net-cp',
  members: [{ cluster: 'east', network: 'net-east' }],
  revision: '1-28-0',
  trustDomain: 'cluster.local',
  owner: 'group:default/payments-team',
  version: 4,
  createdAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-27T09:30:00.000Z',
};

/** A Backstage error body, as the backend's error handler writes it. */
function errorBody(status: number, name: string, message: string, extra: object = {}) {
  return { error: { name, message }, request: { method: 'GET', url: '/api/mesh/x' }, response: { statusCode: status }, ...extra };
}

const statusTexts: Record<number, string> = { 400: 'Bad Request', 200: 'OK', 201: 'Created', 204: 'No Content', 401: 'Unauthorized', 404: 'Not Found', 409: 'Conflict' };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    statusText: statusTexts[status],
    headers: { 'Content-Type': 'application/json' },
  });
}

/** A client whose fetch answers `answer` and records each request. */
function clientAnswering(answer: () => Response) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return answer();
  };
  return { client: new MeshClient({ discoveryApi, fetchApi: { fetch: fetch as typeof globalThis.fetch } }), requests };
}

describe('MeshClient', () => {
  it("calls the mesh plugin's base URL with the caller's token", async () => {
    const { client, requests } = clientAnswering(() => json(200, []));
    await expect(client.listMeshes({ token: 'service-token' })).resolves.toEqual([]);
    expect(requests[0].method).toBe('GET');
    expect(requests[0].url).toBe('http://backend.test/api/mesh/meshes');
    expect(requests[0].headers.get('authorization')).toBe('Bearer service-token');
  });

  it('sends no Authorization header of its own without a token (the fetch API adds the user’s)', async () => {
    const { client, requests } = clientAnswering(() => json(200, []));
    await client.listClusters();
    expect(requests[0].url).toBe('http://backend.test/api/mesh/clusters');
    expect(requests[0].headers.has('authorization')).toBe(false);
  });

  it('encodes path parameters', async () => {
    const { client, requests } = clientAnswering(() => json(200, { id: 'x' }));
    await client.getMesh('team a/b');
    expect(requests[0].url).toBe('http://backend.test/api/mesh/meshes/team%20a%2Fb');
    await client.removeMeshMember('payments', 'east/1');
    expect(requests[1].method).toBe('DELETE');
    expect(requests[1].url).toBe('http://backend.test/api/mesh/meshes/payments/members/east%2F1');
  });

  it('sends a write as JSON with If-Match naming the version it is based on', async () => {
    const { client, requests } = clientAnswering(() => json(200, { ...record, version: 5 }));
    const update = {
      title: record.title,
      owner: 'group:default/checkout-team',
      controlPlaneNetwork: 'net-cp',
      revision: record.revision,
      trustDomain: record.trustDomain,
    };
    await expect(client.updateMesh('payments', update, { ifMatch: 4, token: 't' })).resolves.toMatchObject({ version: 5 });
    expect(requests[0].method).toBe('PUT');
    expect(requests[0].headers.get('if-match')).toBe('"4"');
    expect(requests[0].headers.get('content-type')).toBe('application/json');
    expect(await requests[0].json()).toEqual(update);
  });

  it("sends a body through a fetch that builds a Request from its input more than once, as Backstage's fetch middlewares do", async () => {
    const bodies: unknown[] = [];
    // Like PluginProtocolResolverFetchMiddleware, then IdentityAuthInjectorFetchMiddleware: each
    // builds a Request from what it got and passes the original input on.
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      expect(new Request(input, init).url).toBe('http://backend.test/api/mesh/meshes/payments/policies/validate');
      bodies.push(await new Request(input, init).json());
      return json(200, { valid: true, messages: [] });
    };
    const client = new MeshClient({ discoveryApi, fetchApi: { fetch: fetch as typeof globalThis.fetch } });
    const objects = [{ kind: 'VirtualService', metadata: { name: 'reviews' } }];
    await expect(client.validateMeshPolicies('payments', { objects })).resolves.toEqual({ valid: true, messages: [] });
    expect(bodies).toEqual([{ objects }]);
  });

  it('leaves If-Match out where it is optional and not given', async () => {
    const { client, requests } = clientAnswering(() => json(201, record));
    await client.addMeshMember('payments', { cluster: 'west', network: 'net-west' });
    expect(requests[0].method).toBe('POST');
    expect(requests[0].url).toBe('http://backend.test/api/mesh/meshes/payments/members');
    expect(requests[0].headers.has('if-match')).toBe(false);
  });

  it('resolves a delete answered 204 with nothing', async () => {
    const { client, requests } = clientAnswering(() => new Response(null, { status: 204 }));
    await expect(client.deleteMesh('payments', { ifMatch: 4 })).resolves.toBeUndefined();
    expect(requests[0].headers.get('if-match')).toBe('"4"');
  });

  it("rejects an error answer with a ResponseError carrying the status and the backend's message", async () => {
    const { client } = clientAnswering(() => json(404, errorBody(404, 'NotFoundError', "No mesh with id 'nope'")));
    const error = await client.getMesh('nope').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({ name: 'ResponseError', statusCode: 404 });
    expect(error.message).toBe("Request failed with 404 Not Found: No mesh with id 'nope'");
    expect(error.cause).toMatchObject({ name: 'NotFoundError' });
  });

  it('rejects a 409 with a MeshConflictError that carries the current record', async () => {
    const message = `Mesh 'payments' has changed: If-Match is "3" but the current version is "4"`;
    const { client } = clientAnswering(() => json(409, errorBody(409, 'ConflictError', message, { current: record })));
    const error = await client.deleteMesh('payments', { ifMatch: 3 }).catch(e => e);
    expect(error).toBeInstanceOf(MeshConflictError);
    expect(error).toMatchObject({ name: 'MeshConflictError', statusCode: 409, current: record });
    expect(error.message).toBe(`Request failed with 409 Conflict: ${message}`);
    expect(error.cause).toMatchObject({ name: 'ConflictError' });
  });

  it("rejects a policy write refused by validation with a MeshPolicyValidationError carrying validation's findings", async () => {
    const finding = {
      code: 'MSH0001',
      level: 'error' as const,
      layer: 'analysis' as const,
      kind: 'VirtualService',
      namespace: 'shop',
      name: 'reviews',
      objectIndex: 0,
      field: 'spec.http[0].route',
      message: 'route weights sum to 90, not 100',
    };
    const { client } = clientAnswering(() => json(400, errorBody(400, 'InputError', '1 policy was refused', { messages: [finding] })));
    const objects = [{ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'shop' }, spec: {} }];
    const error = await client.applyMeshPolicies('demo', { objects }).catch(e => e);
    expect(error).toBeInstanceOf(MeshPolicyValidationError);
    expect(error).toMatchObject({ name: 'MeshPolicyValidationError', statusCode: 400, messages: [finding] });
    expect(error.message).toBe('Request failed with 400 Bad Request: 1 policy was refused');
  });

  it('keeps a 400 without findings (a malformed request) a ResponseError', async () => {
    const { client } = clientAnswering(() => json(400, errorBody(400, 'InputError', 'objects: expected a list')));
    const error = await client.validateMeshPolicies('demo', { objects: [{}] }).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
  });

  it('gives a 409 without a current record (a taken id) no current', async () => {
    const { client } = clientAnswering(() => json(409, errorBody(409, 'ConflictError', "Mesh id 'payments' is taken")));
    const registration = {
      id: 'payments',
      title: 'Payments mesh',
      type: 'hosted' as const,
      controlPlaneCluster: 'mesh-cp',
      controlPlaneNetwork: 'net-cp',
      revision: 'default',
      trustDomain: 'cluster.local',
      owner: 'group:default/payments-team',
    };
    const error = await client.registerMesh(registration).catch(e => e);
    expect(error).toBeInstanceOf(MeshConflictError);
    expect(error.current).toBeUndefined();
    expect(error.message).toContain("Mesh id 'payments' is taken");
  });

  it('quotes a body that is not a Backstage error, e.g. from a proxy', async () => {
    const { client } = clientAnswering(() => new Response('upstream connect error', { status: 502, statusText: 'Bad Gateway' }));
    await expect(client.listMeshes()).rejects.toMatchObject({
      statusCode: 502,
      message: expect.stringContaining('upstream connect error'),
    });
  });

  it('never puts the token into an error', async () => {
    const { client } = clientAnswering(() => json(401, errorBody(401, 'AuthenticationError', 'Illegal token')));
    const error = await client.listMeshes({ token: 'secret-token-value' }).catch(e => e);
    expect(error.statusCode).toBe(401);
    expect(JSON.stringify({ message: error.message, body: error.body, stack: error.stack })).not.toContain('secret-token-value');
  });

  it('names the request and the socket error when nothing listens', async () => {
    const port = await closedPort();
    const client = new MeshClient({ discoveryApi: { getBaseUrl: async () => `http://127.0.0.1:${port}/api/mesh` } });
    await expect(client.listClusters({ token: 'secret-token-value' })).rejects.toThrow(
      new RegExp(`^GET http://127.0.0.1:${port}/api/mesh/clusters failed \\(ECONNREFUSED\\)`),
    );
  });

  it('starts an operation with its Idempotency-Key, and asks for a plan with dryRun=true and no key', async () => {
    const { client, requests } = clientAnswering(() => json(201, { id: 'op-1' }));
    const join = { kind: 'cluster.join' as const, meshId: 'demo', cluster: 'east', network: 'net-east' };
    await client.startOperation(join, { idempotencyKey: 'task-1/join', token: 't' });
    expect(requests[0].method).toBe('POST');
    expect(requests[0].url).toBe('http://backend.test/api/mesh/operations');
    expect(requests[0].headers.get('idempotency-key')).toBe('task-1/join');
    expect(await requests[0].json()).toEqual(join);
    await client.startOperation(join, { dryRun: true });
    expect(requests[1].url).toBe('http://backend.test/api/mesh/operations?dryRun=true');
    expect(requests[1].headers.has('idempotency-key')).toBe(false);
  });

  it('reads operations, pages through a log with after and waitSeconds, and retries', async () => {
    const { client, requests } = clientAnswering(() => json(200, []));
    await client.listOperations({ meshId: 'demo', status: 'running', limit: 5 });
    await client.getOperation('op/1');
    await client.getOperationLog('op-1', { after: 7, waitSeconds: 30 });
    await client.retryOperation('op-1');
    expect(requests.map(r => `${r.method} ${r.url}`)).toEqual([
      'GET http://backend.test/api/mesh/operations?meshId=demo&status=running&limit=5',
      'GET http://backend.test/api/mesh/operations/op%2F1',
      'GET http://backend.test/api/mesh/operations/op-1/log?after=7&waitSeconds=30',
      'POST http://backend.test/api/mesh/operations/op-1/retry',
    ]);
  });

  it('lets an abort through as an AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    const client = new MeshClient({ discoveryApi });
    await expect(client.listMeshes({ signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}
