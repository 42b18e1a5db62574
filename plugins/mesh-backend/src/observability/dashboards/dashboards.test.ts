import { golden, readTestdata } from '../__testUtils__/golden';
import { drawablePanels } from './panels';
import { legend, rateInterval, substitute, TemplateContext } from './templating';

const serviceDashboard = readTestdata('istio-dashboards/istio-service-dashboard.json');
const workloadDashboard = readTestdata('istio-dashboards/istio-workload-dashboard.json');
const pilotDashboard = readTestdata('istio-dashboards/pilot-dashboard.gen.json');

const all = '.*';
const serviceVariables = {
  datasource: 'prometheus',
  service: 'cart.shop.svc.cluster.local',
  qrep: 'destination',
  srccluster: all,
  srcns: all,
  srcwl: all,
  dstcluster: all,
  dstns: all,
  dstwl: all,
};
const ctx = (variables: Record<string, string>): TemplateContext => ({
  variables,
  intervalMs: 30_000,
  scrapeIntervalMs: 15_000,
  rangeMs: 3_600_000,
});

describe('Istio’s dashboards (real files from the Istio module)', () => {
  it('lists the service dashboard’s drawable panels with units and rows', () => {
    const panels = drawablePanels(serviceDashboard);
    const volume = panels.find(p => p.title === 'Server Request Volume')!;
    expect(volume).toMatchObject({ type: 'stat', unit: 'ops', row: 'General' });
    expect(panels.every(p => p.type !== 'row' && p.type !== 'text' && p.targets.length > 0)).toBe(true);
  });

  it('fills every query of the service dashboard (golden)', () => {
    const lines = drawablePanels(serviceDashboard).flatMap(p =>
      p.targets.map(t => {
        const out = substitute(t.expr, ctx(serviceVariables));
        if ('missing' in out) {
          throw new Error(`panel ${p.id} ${t.refId} misses ${out.missing}`);
        }
        return `# ${p.id} ${t.refId} ${p.title}\n${out.expr}\n`;
      }),
    );
    const actual = lines.join('\n');
    expect(actual).toEqual(golden('dashboards/service-dashboard-queries.promql', actual));
  });

  it('fills every query of the workload and control-plane dashboards', () => {
    const workloadVariables = { datasource: 'prometheus', namespace: 'shop', workload: 'cart-v1', qrep: 'destination', srcns: all, srcwl: all, dstsvc: all };
    for (const [dashboard, variables] of [
      [workloadDashboard, workloadVariables],
      [pilotDashboard, { datasource: 'prometheus' }],
    ] as const) {
      for (const p of drawablePanels(dashboard)) {
        for (const t of p.targets) {
          expect(substitute(t.expr, ctx(variables))).toHaveProperty('expr');
        }
      }
    }
  });
});

describe('substitute', () => {
  it('knows every variable form and Grafana’s built-ins', () => {
    const out = substitute('x{a="$svc",b="${svc}",c="${svc:raw}",d="[[svc]]"}[$__rate_interval] $__interval $__range', ctx({ svc: 'cart' }));
    expect(out).toEqual({ expr: 'x{a="cart",b="cart",c="cart",d="cart"}[1m] 30s 1h' });
  });

  it('leaves regex back-references alone and reports unknown variables', () => {
    expect(substitute('label_replace(x, "a", "$1", "b", "(.*)")', ctx({}))).toHaveProperty('expr');
    expect(substitute('x{a="$nope"}', ctx({}))).toEqual({ missing: ['nope'] });
  });

  it('computes $__rate_interval as Grafana does', () => {
    expect(rateInterval(30_000, 15_000)).toBe(60_000);
    expect(rateInterval(120_000, 15_000)).toBe(135_000);
  });
});

describe('legend', () => {
  it('fills Grafana’s {{label}} templates', () => {
    expect(legend('{{ source_workload }}.{{source_workload_namespace}} : {{ response_code }}', {
      source_workload: 'frontend-v1',
      source_workload_namespace: 'shop',
      response_code: '200',
    })).toBe('frontend-v1.shop : 200');
    expect(legend(undefined, { a: '1' })).toBe('{a="1"}');
  });
});
