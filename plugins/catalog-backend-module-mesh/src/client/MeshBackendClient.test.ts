import { mockServices } from '@backstage/backend-test-utils';
import { cluster, mesh, MeshBackendStub } from '../__testUtils__/meshBackendStub';
import { MeshBackendClient, MeshBackendUnavailableError } from './MeshBackendClient';
import { MeshModelFetcher } from './MeshModelFetcher';
import { createServer } from 'node:net';

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('MeshBackendClient', () => {
  const stub = new MeshBackendStub();
  let client: MeshBackendClient;
  let baseUrl: string;

  beforeAll(async () => {
    const started = await stub.start();
    baseUrl = started.baseUrl;
    client = new MeshBackendClient({ auth: mockServices.auth(), discovery: started.discovery });
  });
  afterAll(() => stub.stop());
  beforeEach(() => {
    stub.failWith = undefined;
    stub.requests.length = 0;
  });

  it('reads clusters, the mesh list and each mesh with a service token for mesh', async () => {
    stub.model = { clusters: [cluster('east')], meshes: [mesh('shop', 'east')] };
    await expect(client.fetchModel()).resolves.toEqual(stub.model);
    expect(stub.requests.sort()).toEqual(['GET /clusters', 'GET /meshes', 'GET /meshes/shop']);
  });

  it('leaves out a mesh deleted between the list and the detail read', async () => {
    stub.model = { clusters: [], meshes: [mesh('shop', 'east')] };
    const get = jest.spyOn(stub.model.meshes, 'find').mockReturnValue(undefined);
    await expect(client.fetchModel()).resolves.toEqual({ clusters: [], meshes: [] });
    get.mockRestore();
  });

  it('names the request, the status and the backend message when a route fails', async () => {
    stub.failWith = 503;
    const error = await client.fetchModel().catch(e => e);
    expect(error).toBeInstanceOf(MeshBackendUnavailableError);
    expect(error.message).toMatch(new RegExp(`GET ${baseUrl}/(clusters|meshes) answered 503 Service Unavailable: stub told to fail with 503`));
  });

  it('names the URL and the socket error when nothing listens', async () => {
    const port = await closedPort();
    const down = new MeshBackendClient({
      auth: mockServices.auth(),
      discovery: mockServices.discovery.mock({ getBaseUrl: async () => `http://127.0.0.1:${port}` }),
    });
    await expect(down.fetchModel()).rejects.toThrow(
      new RegExp(`GET http://127.0.0.1:${port}/(clusters|meshes) failed: fetch failed \\(ECONNREFUSED\\)`),
    );
  });
});

describe('MeshModelFetcher', () => {
  it('shares one read between concurrent callers and remembers the result', async () => {
    let release: () => void = () => {};
    const fetchModel = jest.fn(
      () => new Promise<{ clusters: []; meshes: [] }>(resolve => (release = () => resolve({ clusters: [], meshes: [] }))),
    );
    const fetcher = new MeshModelFetcher({ fetchModel, baseUrl: async () => 'http://mesh' }, () => new Date(0));
    expect(fetcher.latest()).toBeUndefined();
    const a = fetcher.fetch();
    const b = fetcher.latestOrFetch();
    await new Promise(r => setImmediate(r));
    release();
    await expect(a).resolves.toEqual({ clusters: [], meshes: [], baseUrl: 'http://mesh', fetchedAt: new Date(0) });
    await expect(b).resolves.toBe(await a);
    expect(fetchModel).toHaveBeenCalledTimes(1);
    expect(fetcher.latest()).toBe(await a);
    await expect(fetcher.latestOrFetch()).resolves.toBe(await a);
    expect(fetchModel).toHaveBeenCalledTimes(1);
  });

  it('keeps the last good model when a read fails', async () => {
    const fetchModel = jest
      .fn()
      .mockResolvedValueOnce({ clusters: [], meshes: [] })
      .mockRejectedValueOnce(new MeshBackendUnavailableError('down'));
    const fetcher = new MeshModelFetcher({ fetchModel, baseUrl: async () => 'http://mesh' });
    const first = await fetcher.fetch();
    await expect(fetcher.fetch()).rejects.toThrow('down');
    expect(fetcher.latest()).toBe(first);
  });
});
