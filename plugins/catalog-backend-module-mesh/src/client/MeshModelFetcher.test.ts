import { mockServices } from '@backstage/backend-test-utils';
import { hostedMesh, TEST_CLUSTER_SOURCE, TestMeshBackend } from '../__testUtils__/meshBackend';
import { MeshBackendUnavailableError, MeshModelFetcher } from './MeshModelFetcher';

jest.setTimeout(60_000);

describe('MeshModelFetcher against the real mesh backend', () => {
  let backend: TestMeshBackend;
  /** Every request the fetcher sent, as `METHOD path` and the token's target plugin. */
  let sent: { request: string; authorization: string | null }[];

  beforeAll(async () => {
    backend = await TestMeshBackend.start(['east', 'west', 'north']);
    await backend.register(hostedMesh('shop', 'east', ['west']));
  });

  beforeEach(() => {
    sent = [];
    backend.comeBack();
  });

  /** A fetcher that records its requests and can act between sending one and returning its answer. */
  function fetcher(afterAnswer: (url: URL) => Promise<void> = async () => {}) {
    const fetchApi = {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init);
        const url = new URL(request.url);
        sent.push({ request: `${request.method} ${url.pathname}`, authorization: request.headers.get('authorization') });
        const response = await fetch(request);
        await afterAnswer(url);
        return response;
      },
    };
    return new MeshModelFetcher({ auth: mockServices.auth(), discovery: backend.discovery, fetchApi, clock: () => new Date(0) });
  }

  it('reads the clusters, the mesh list and each mesh with a service token for the mesh backend', async () => {
    const model = await fetcher().fetch();
    expect(model.baseUrl).toBe(backend.baseUrl);
    expect(model.fetchedAt).toEqual(new Date(0));
    expect(model.clusters.map(c => `${c.source}/${c.name} ${c.reachability}`).sort()).toEqual([
      `${TEST_CLUSTER_SOURCE}/east unreachable`,
      `${TEST_CLUSTER_SOURCE}/north unreachable`,
      `${TEST_CLUSTER_SOURCE}/west unreachable`,
    ]);
    expect(model.meshes).toHaveLength(1);
    expect(model.meshes[0]).toMatchObject({ id: 'shop', controlPlaneCluster: 'east', services: [] });
    expect(sent.map(s => s.request).sort()).toEqual(['GET /api/mesh/clusters', 'GET /api/mesh/meshes', 'GET /api/mesh/meshes/shop']);
    for (const { authorization } of sent) {
      expect(authorization).toMatch(/^Bearer mock-service-token:.*"target":"mesh"/);
    }
  });

  it('shares one read between concurrent callers and remembers the result', async () => {
    const reader = fetcher();
    expect(reader.latest()).toBeUndefined();
    const [a, b] = await Promise.all([reader.fetch(), reader.latestOrFetch()]);
    expect(b).toBe(a);
    expect(sent).toHaveLength(3);
    expect(reader.latest()).toBe(a);
    await expect(reader.latestOrFetch()).resolves.toBe(a);
    expect(sent).toHaveLength(3);
  });

  it('leaves out a mesh deleted between the list and its detail read', async () => {
    await backend.register(hostedMesh('short-lived', 'north'));
    const reader = fetcher(async url => {
      if (url.pathname.endsWith('/meshes')) {
        await backend.unregister('short-lived');
      }
    });
    const model = await reader.fetch();
    expect(sent.map(s => s.request)).toContain('GET /api/mesh/meshes/short-lived');
    expect(model.meshes.map(m => m.id)).toEqual(['shop']);
  });

  it('re-reads only the meshes a change touches, and keeps the last detail of the others', async () => {
    await backend.register(hostedMesh('north-mesh', 'north'));
    try {
      const reader = fetcher();
      const first = await reader.fetch();
      const detailReads = () => sent.map(s => s.request).filter(r => /\/meshes\/./.test(r)).sort();

      sent = [];
      const afterClusterChange = await reader.fetchChanged({ clusters: ['north'], meshes: [] });
      expect(detailReads()).toEqual(['GET /api/mesh/meshes/north-mesh']);
      expect(sent).toHaveLength(3);
      expect(afterClusterChange.meshes).toEqual(first.meshes);

      sent = [];
      await reader.fetchChanged({ clusters: [], meshes: ['shop'] });
      expect(detailReads()).toEqual(['GET /api/mesh/meshes/shop']);

      // A mesh no change named but new since the last read, and one gone.
      await backend.unregister('north-mesh');
      await backend.register(hostedMesh('later', 'north'));
      sent = [];
      const model = await reader.fetchChanged({ clusters: [], meshes: [] });
      expect(detailReads()).toEqual(['GET /api/mesh/meshes/later']);
      expect(model.meshes.map(m => m.id).sort()).toEqual(['later', 'shop']);
      await backend.unregister('later');
    } finally {
      await backend.unregister('north-mesh').catch(() => undefined);
    }
  });

  it('keeps the last good model and names the request and the socket error (not the token) when the backend is down', async () => {
    const reader = fetcher();
    const first = await reader.fetch();
    await backend.goDown();
    const error = await reader.fetch().catch(e => e);
    expect(error).toBeInstanceOf(MeshBackendUnavailableError);
    expect(error.message).toMatch(
      /^list(Clusters|Meshes): GET http:\/\/127\.0\.0\.1:\d+\/api\/mesh\/(clusters|meshes) failed \(ECONNREFUSED\)/,
    );
    expect(error.message).not.toContain('mock-service-token');
    expect(reader.latest()).toBe(first);
  });

  it("names the URL, the status and the backend's message of an error answer", async () => {
    const auth = mockServices.auth.mock({
      getOwnServiceCredentials: async () => ({ $$type: '@backstage/BackstageCredentials', principal: { type: 'service', subject: 'test' } }),
      getPluginRequestToken: async () => ({ token: 'not-a-backstage-token' }),
    });
    const reader = new MeshModelFetcher({ auth, discovery: backend.discovery });
    const error = await reader.fetch().catch(e => e);
    expect(error).toBeInstanceOf(MeshBackendUnavailableError);
    expect(error.message).toMatch(
      // (The test backend's mock auth names the token it refused; Backstage's real one does not.)
      new RegExp(`^list(Clusters|Meshes) from ${backend.baseUrl}/(clusters|meshes): Request failed with 401 Unauthorized: Unknown mock token`),
    );
  });
});
