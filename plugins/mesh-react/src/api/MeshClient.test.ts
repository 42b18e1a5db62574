import { MeshClient } from './MeshClient';

function jsonResponse(status: number, body: unknown): Response {
  const text = JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: ({ 200: 'OK', 403: 'Forbidden', 404: 'Not Found' } as Record<number, string>)[status],
    headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) },
    json: async () => body,
    text: async () => text,
    clone() {
      return this;
    },
  } as unknown as Response;
}

describe('MeshClient', () => {
  const discoveryApi = { getBaseUrl: jest.fn(async (pluginId: string) => `http://backend/api/${pluginId}`) };

  it("calls the mesh plugin's /meshes through Backstage's fetch API", async () => {
    const fetch = jest.fn(async () => jsonResponse(200, []));
    const client = new MeshClient({ discoveryApi, fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch } });
    await expect(client.listMeshes()).resolves.toEqual([]);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('mesh');
    expect(fetch).toHaveBeenCalledWith('http://backend/api/mesh/meshes', { signal: undefined });
  });

  it("turns an error response into an error carrying the backend's message and status", async () => {
    const denied = {
      error: { name: 'NotAllowedError', message: "Permission 'mesh.read' is required" },
      request: { method: 'GET', url: '/meshes' },
      response: { statusCode: 403 },
    };
    const fetch = jest.fn(async () => jsonResponse(403, denied));
    const client = new MeshClient({ discoveryApi, fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch } });
    await expect(client.listMeshes()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      message: expect.stringContaining("Permission 'mesh.read' is required"),
    });
  });

  function clientAnswering(status: number, body: unknown) {
    const fetch = jest.fn(async () => jsonResponse(status, body));
    const client = new MeshClient({ discoveryApi, fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch } });
    return { client, fetch };
  }

  it('reads one mesh by its id, encoded for the URL path', async () => {
    const { client, fetch } = clientAnswering(200, { id: 'team a/b' });
    const controller = new AbortController();
    await expect(client.getMesh('team a/b', { signal: controller.signal })).resolves.toEqual({ id: 'team a/b' });
    expect(fetch).toHaveBeenCalledWith('http://backend/api/mesh/meshes/team%20a%2Fb', { signal: controller.signal });
  });

  it("rejects an unknown mesh with a 404 ResponseError carrying the backend's message", async () => {
    const notFound = {
      error: { name: 'NotFoundError', message: "No mesh with id 'nope'" },
      request: { method: 'GET', url: '/meshes/nope' },
      response: { statusCode: 404 },
    };
    const { client } = clientAnswering(404, notFound);
    const error = await client.getMesh('nope').catch(e => e);
    expect(error).toMatchObject({ name: 'ResponseError', statusCode: 404 });
    expect(error.message).toContain("No mesh with id 'nope'");
    expect(error.body.error.name).toBe('NotFoundError');
  });

  it('lists the clusters from /clusters', async () => {
    const cluster = { name: 'east', url: 'https://east:6443', reachability: 'unreachable', error: 'connect ECONNREFUSED' };
    const { client, fetch } = clientAnswering(200, [cluster]);
    await expect(client.listClusters()).resolves.toEqual([cluster]);
    expect(fetch).toHaveBeenCalledWith('http://backend/api/mesh/clusters', { signal: undefined });
  });

  it('rejects a failed cluster list with the status and message', async () => {
    const denied = {
      error: { name: 'NotAllowedError', message: "Permission 'mesh.cluster.read' is required" },
      request: { method: 'GET', url: '/clusters' },
      response: { statusCode: 403 },
    };
    const { client } = clientAnswering(403, denied);
    await expect(client.listClusters()).rejects.toMatchObject({
      statusCode: 403,
      message: expect.stringContaining("Permission 'mesh.cluster.read' is required"),
    });
  });
});
