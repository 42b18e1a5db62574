import { ConfigReader } from '@backstage/config';
import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { readTestdata } from '../__testUtils__/golden';
import { RecordedPrometheus } from '../__testUtils__/recordedPrometheus';
import { readObservabilityConfig } from '../config';
import { ObservabilityService } from '../ObservabilityService';

/*
 * Grafana is not in the test bed (AGPL, not in the registries): a local HTTP
 * server answers the two API calls Meshfleet makes, with Istio's real service
 * dashboard JSON, so the URLs and the lookups are tested.
 */

const mesh = readTestdata<MeshDetail>('mesh-demo.json');
const serviceDashboard = readTestdata('istio-dashboards/istio-service-dashboard.json');

async function fakeGrafana() {
  const seen: Array<{ url: string; auth?: string }> = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url!, auth: req.headers.authorization });
    const url = new URL(req.url!, 'http://x');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/api/search') {
      const hits = [
        { uid: 'svc-uid', title: 'Istio Service Dashboard', url: '/d/svc-uid/istio-service-dashboard', type: 'dash-db' },
        { uid: 'other', title: 'Istio Service Dashboard (copy)', url: '/d/other/x', type: 'dash-db' },
      ];
      res.end(JSON.stringify(hits.filter(h => h.title.startsWith(url.searchParams.get('query')!))));
    } else if (url.pathname === '/api/dashboards/uid/svc-uid') {
      res.end(JSON.stringify({ dashboard: { ...serviceDashboard, uid: 'svc-uid' }, meta: {} }));
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ message: 'Dashboard not found' }));
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => server.close() };
}

describe('Grafana dashboards', () => {
  it('finds Istio’s dashboards by title with the backend’s token and builds embed URLs', async () => {
    const grafana = await fakeGrafana();
    try {
      const service = new ObservabilityService(
        readObservabilityConfig(new ConfigReader({ meshfleet: { grafana: { url: grafana.url, token: 'glsa_secret' } } })),
        { prometheus: new RecordedPrometheus() },
      );
      const links = await service.grafanaLinks(mesh, 'shop', 'cart', { workloads: 'cart-v1', from: 'now-30m' });
      expect(links.problems).toEqual(["Grafana has no dashboard titled 'Istio Workload Dashboard'"]);
      expect(links.dashboards).toEqual([
        {
          kind: 'service',
          title: 'Istio Service Dashboard',
          uid: 'svc-uid',
          url: `${grafana.url}/d/svc-uid/istio-service-dashboard?orgId=1&var-dstns=shop&var-service=cart.shop.svc.cluster.local&from=now-30m&to=now`,
          embedUrl: `${grafana.url}/d/svc-uid/istio-service-dashboard?orgId=1&var-dstns=shop&var-service=cart.shop.svc.cluster.local&from=now-30m&to=now&kiosk`,
        },
      ]);
      expect(grafana.seen[0]).toEqual({
        url: '/api/search?query=Istio+Service+Dashboard&type=dash-db',
        auth: 'Bearer glsa_secret',
      });
      expect(JSON.stringify(links)).not.toContain('glsa_secret');
    } finally {
      grafana.close();
    }
  });

  it('reads a dashboard’s JSON from Grafana to render its panels', async () => {
    const grafana = await fakeGrafana();
    try {
      const prometheus = new RecordedPrometheus();
      const service = new ObservabilityService(
        readObservabilityConfig(new ConfigReader({ meshfleet: { prometheus: { url: 'http://p.invalid' }, grafana: { url: grafana.url } } })),
        { prometheus },
      );
      const rendered = await service.renderDashboard(mesh, 'service', { namespace: 'shop', service: 'cart', panels: '97', range: '30m' });
      expect(rendered).toMatchObject({ source: 'grafana', title: 'Istio Service Dashboard' });
      expect(rendered.panels.map(p => [p.id, p.title, p.unit])).toEqual([[97, 'Server Request Volume', 'ops']]);
      expect(prometheus.queries).toEqual([
        'round(sum(irate(istio_requests_total{reporter="destination",destination_service="cart.shop.svc.cluster.local"}[1m])), 0.001)',
      ]);
    } finally {
      grafana.close();
    }
  });
});
