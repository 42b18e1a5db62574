import { golden } from '../__testUtils__/golden';
import { planTopology } from './plan';
import { Reporter, TopologyScope } from './types';

/** The plan as text: one `# id` header and the PromQL per query. */
function planText(scope: TopologyScope, reporter: Reporter, window = '5m'): string {
  return planTopology({ scope, reporter, window })
    .map(q => `# ${q.id}\n${q.promql}\n`)
    .join('\n');
}

describe('planTopology', () => {
  it.each<[string, TopologyScope, Reporter]>([
    ['mesh-both', { kind: 'mesh' }, 'both'],
    ['mesh-destination', { kind: 'mesh' }, 'destination'],
    ['mesh-source', { kind: 'mesh' }, 'source'],
    ['namespaces-both', { kind: 'namespace', namespaces: ['payments', 'shop'] }, 'both'],
    ['service-both', { kind: 'service', namespace: 'shop', service: 'cart' }, 'both'],
  ])('pins the queries of %s (golden)', (name, scope, reporter) => {
    const actual = planText(scope, reporter);
    expect(actual).toEqual(golden(`plans/topology-${name}.promql`, actual));
  });

  it('costs three queries whatever the number of namespaces', () => {
    const many = Array.from({ length: 500 }, (_, i) => `ns-${i}`);
    const plan = planTopology({ scope: { kind: 'namespace', namespaces: many }, reporter: 'both', window: '5m' });
    expect(plan.map(q => q.id)).toEqual(['requests', 'latency-buckets', 'tcp']);
    // The namespaces are one regex per side, not one selector per namespace.
    expect(plan[0].promql.match(/source_workload_namespace=~/g)).toHaveLength(2);
  });

  it('escapes names so they are matched literally', () => {
    const [requests] = planTopology({ scope: { kind: 'namespace', namespaces: ['a.b', 'c'] }, reporter: 'destination', window: '1m' });
    expect(requests.promql).toContain('source_workload_namespace=~"a\\\\.b|c"');
  });
});
