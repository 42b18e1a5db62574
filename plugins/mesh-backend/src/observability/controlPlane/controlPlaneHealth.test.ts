import { golden } from '../__testUtils__/golden';
import { assembleControlPlane, controlPlaneSelector, DEFAULT_CONTROL_PLANE_THRESHOLDS, planControlPlane } from './controlPlaneHealth';

describe('control-plane health', () => {
  it('pins the one query (golden)', () => {
    const actual = `${planControlPlane('app="istiod"', 'istio_io_rev', '5m')}\n`;
    expect(actual).toEqual(golden('plans/control-plane.promql', actual));
  });

  it('judges each revision from its figures', () => {
    const sample = (rev: string, figure: string, value: number) => ({ metric: { istio_io_rev: rev, figure }, value });
    const revisions = assembleControlPlane(
      [
        sample('default', 'instances', 2),
        sample('default', 'connectedProxies', 14),
        sample('default', 'pushRate', 3.2),
        sample('default', 'convergenceP99Seconds', 0.09),
        sample('default', 'rejects', 0),
        sample('1-31', 'instances', 1),
        sample('1-31', 'connectedProxies', 2),
        sample('1-31', 'convergenceP99Seconds', 12),
        sample('1-31', 'rejects', 3),
        sample('canary', 'instances', 1),
        sample('canary', 'pushErrorRate', 0.5),
      ],
      ['default', '1-31', 'old'],
      'istio_io_rev',
      DEFAULT_CONTROL_PLANE_THRESHOLDS,
    );
    expect(revisions.map(r => [r.revision, r.health.status])).toEqual([
      ['1-31', 'failing'],
      ['canary', 'degraded'],
      ['default', 'healthy'],
      ['old', 'unknown'],
    ]);
    expect(revisions[0].health.reason).toBe('proxy convergence p99 12 s');
    // Series istiod has not exported yet are zeros once it is scraped; no pushes, no convergence time.
    expect(revisions[2].figures).toEqual({
      instances: 2,
      connectedProxies: 14,
      pushRate: 3.2,
      pushErrorRate: 0,
      convergenceP99Seconds: 0.09,
      rejects: 0,
      conflicts: 0,
    });
    expect(revisions[1].figures.convergenceP99Seconds).toBeNull();
    expect(revisions[3].health.reason).toContain('is Prometheus scraping istiod?');
  });
});

describe('controlPlaneSelector', () => {
  it('scopes istiod series to the mesh’s control-plane cluster only when a cluster label is configured', () => {
    expect(controlPlaneSelector({ selector: 'app="istiod"' }, 'mesh-cp')).toBe('app="istiod"');
    expect(controlPlaneSelector({ selector: 'app="istiod"', clusterLabel: 'cluster' }, 'mesh-cp')).toBe('app="istiod",cluster="mesh-cp"');
    expect(controlPlaneSelector({ selector: '', clusterLabel: 'k8s_cluster' }, 'prod-eu')).toBe('k8s_cluster="prod-eu"');
  });
});
