import { observabilityFailure } from '../observability';
import { MeshClient } from './MeshClient';

const discoveryApi = { getBaseUrl: async (pluginId: string) => `http://backend.test/api/${pluginId}` };

function clientAnswering(status: number, body: unknown) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return new Response(JSON.stringify(body), {
      status,
      statusText: status === 200 ? 'OK' : 'Service Unavailable',
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return { client: new MeshClient({ discoveryApi, fetchApi: { fetch: fetch as typeof globalThis.fetch } }), requests };
}

describe('MeshClient observability methods', () => {
  it('send lists comma-separated and leave out what is not given', async () => {
    const { client, requests } = clientAnswering(200, {});
    await client.getTopology('demo', { namespaces: ['shop', 'payments'], clusters: ['east'], window: '10m', service: undefined });
    await client.getGrafanaDashboards('demo', 'shop', 'cart', { workloads: ['cart-v1', 'cart-v2'], from: 'now-6h' });
    await client.renderDashboard('demo', 'service', { namespace: 'shop', service: 'cart', panels: [97, 98], range: '1h' });
    await client.findComponentServices({ labelSelector: 'app=cart', namespace: 'shop' });
    await client.getServiceMetrics('demo', 'shop', 'cart', { range: '30m', step: '15s', reporter: 'destination' });
    const urls = requests.map(r => decodeURIComponent(r.url));
    expect(urls).toEqual([
      'http://backend.test/api/mesh/meshes/demo/topology?window=10m&namespaces=shop,payments&clusters=east',
      'http://backend.test/api/mesh/meshes/demo/services/shop/cart/grafana?from=now-6h&workloads=cart-v1,cart-v2',
      'http://backend.test/api/mesh/meshes/demo/dashboards/service?namespace=shop&service=cart&range=1h&panels=97,98',
      'http://backend.test/api/mesh/component-services?labelSelector=app=cart&namespace=shop',
      'http://backend.test/api/mesh/meshes/demo/services/shop/cart/metrics?range=30m&step=15s&reporter=destination',
    ]);
  });

  it('turn a 503 from the mesh’s Prometheus into an error whose reason observabilityFailure reads', async () => {
    const body = {
      error: {
        name: 'ServiceUnavailableError',
        message: "Prometheus of mesh 'demo' at http://prometheus:9090: no answer within 10000 ms (the configured timeout)",
        reason: 'timeout',
        backend: 'prometheus',
      },
      request: { method: 'GET', url: '/api/mesh/meshes/demo/topology' },
      response: { statusCode: 503 },
    };
    const { client } = clientAnswering(503, body);
    const error = await client.getTopology('demo').catch(e => e);
    expect(observabilityFailure(error)).toEqual({ reason: 'timeout', backend: 'prometheus', message: body.error.message });
    expect(observabilityFailure(new Error('other'))).toBeUndefined();
  });
});
