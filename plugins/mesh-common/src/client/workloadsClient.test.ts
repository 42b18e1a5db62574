import { MeshClient } from './MeshClient';

const discoveryApi = { getBaseUrl: async (pluginId: string) => `http://backend.test/api/${pluginId}` };

describe('MeshClient.listMeshWorkloads', () => {
  it('sends the namespaces comma-separated, the service encoded, and leaves out what is not given', async () => {
    const urls: string[] = [];
    const fetch = async (input: RequestInfo | URL) => {
      urls.push(String(input));
      return new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const client = new MeshClient({ discoveryApi, fetchApi: { fetch: fetch as typeof globalThis.fetch } });
    await client.listMeshWorkloads('demo', { namespaces: ['shop', 'payments'], cluster: 'east' });
    await client.listMeshWorkloads('demo', { service: 'shop/cart' });
    await client.listMeshWorkloads('demo');
    expect(urls).toEqual([
      'http://backend.test/api/mesh/meshes/demo/workloads?cluster=east&namespace=shop%2Cpayments',
      'http://backend.test/api/mesh/meshes/demo/workloads?service=shop%2Fcart',
      'http://backend.test/api/mesh/meshes/demo/workloads',
    ]);
  });
});
