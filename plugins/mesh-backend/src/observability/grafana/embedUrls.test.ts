import { dashboardUrls, serviceDashboardVariables, workloadDashboardVariables } from './embedUrls';

describe('dashboardUrls', () => {
  it('sets Istio’s service dashboard variables, the time range and kiosk mode', () => {
    const urls = dashboardUrls({
      grafanaUrl: 'https://grafana.example.com',
      path: '/d/abc123/istio-service-dashboard',
      orgId: 1,
      variables: serviceDashboardVariables('cart.shop.svc.cluster.local', 'shop'),
      from: 'now-1h',
      to: 'now',
    });
    expect(urls.url).toBe(
      'https://grafana.example.com/d/abc123/istio-service-dashboard?orgId=1&var-dstns=shop&var-service=cart.shop.svc.cluster.local&from=now-1h&to=now',
    );
    expect(urls.embedUrl).toBe(`${urls.url}&kiosk`);
  });

  it('keeps Grafana’s sub path and sets the workload dashboard variables', () => {
    const withSubPath = dashboardUrls({
      grafanaUrl: 'https://tools.example.com/grafana/',
      path: '/grafana/d/w1/istio-workload-dashboard',
      orgId: 2,
      variables: workloadDashboardVariables('shop', 'cart-v1', 'payments'),
      from: '1767225600000',
      to: '1767229200000',
    });
    expect(withSubPath.url).toBe(
      'https://tools.example.com/grafana/d/w1/istio-workload-dashboard?orgId=2&var-namespace=shop&var-srcns=payments&var-workload=cart-v1&from=1767225600000&to=1767229200000',
    );
    const searchWithoutSubPath = dashboardUrls({ ...{ grafanaUrl: 'https://tools.example.com/grafana', path: '/d/w1/x', orgId: 1, variables: {}, from: 'now-1h', to: 'now' } });
    expect(searchWithoutSubPath.url.startsWith('https://tools.example.com/grafana/d/w1/x?')).toBe(true);
  });
});
