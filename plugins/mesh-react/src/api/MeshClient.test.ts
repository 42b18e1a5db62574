import { MeshClient } from './MeshClient';

function jsonResponse(status: number, body: unknown): Response {
  const text = JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 200 ? 'OK' : 'Forbidden',
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
});
