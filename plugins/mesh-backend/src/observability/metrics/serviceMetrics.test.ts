import { golden } from '../__testUtils__/golden';
import { assembleServiceMetrics, checkChartRange, planServiceMetrics } from './serviceMetrics';

const limits = { minWindowMs: 60_000, maxWindowMs: 21_600_000, maxRangeMs: 7 * 86_400_000, maxPointsPerSeries: 720, maxPanelQueries: 80 };
const NOW = 1_767_225_617_000;

describe('service charts', () => {
  it('aligns the range to the step and derives the rate window like $__rate_interval', () => {
    expect(checkChartRange({ range: '1h', step: '30s' }, limits, 15_000, NOW)).toEqual({
      start: 1_767_222_000,
      end: 1_767_225_600,
      step: 30,
      rateWindow: '1m',
    });
    expect(checkChartRange({}, limits, 15_000, NOW).step).toBe(30);
  });

  it('refuses too many points or too long a range, naming the limit', () => {
    expect(() => checkChartRange({ range: '6h', step: '10s' }, limits, 15_000, NOW)).toThrow(
      'step: 10s over 6h gives 2161 points per series; the limit is 720 (use a step of at least 31s)',
    );
    expect(() => checkChartRange({ range: '8d' }, limits, 15_000, NOW)).toThrow('range: 8d is longer than the limit 1w');
  });

  it('pins the two range queries (golden)', () => {
    const plan = planServiceMetrics('shop', 'cart', 'both', '1m');
    const actual = `# requests\n${plan.requests}\n\n# latency\n${plan.latency}\n`;
    expect(actual).toEqual(golden('plans/service-metrics-both.promql', actual));
  });

  it('splits rates by cluster and class, with zeros where there were requests but no errors', () => {
    const range = { start: 100, end: 130, step: 15, rateWindow: '1m' };
    const charts = assembleServiceMetrics(
      [
        { metric: { destination_cluster: 'east', code_class: '2xx' }, points: [[100, 9], [115, 9], [130, 9]] },
        { metric: { destination_cluster: 'east', code_class: '5xx' }, points: [[115, 1]] },
        { metric: { destination_cluster: 'west', code_class: '2xx', grpc_class: 'error' }, points: [[130, 2]] },
      ],
      [{ metric: { destination_cluster: 'east', quantile: '0.99' }, points: [[100, 80], [115, Number.NaN]] }],
      range,
    );
    expect(charts.map(c => c.cluster)).toEqual(['east', 'west']);
    expect(charts[0].requestRate).toEqual([[100, 9], [115, 10], [130, 9]]);
    expect(charts[0].errorRate5xx).toEqual([[100, 0], [115, 1], [130, 0]]);
    expect(charts[0].latencyMs.p99).toEqual([[100, 80], [115, null], [130, null]]);
    expect(charts[1].errorRateGrpc).toEqual([[100, null], [115, null], [130, 2]]);
  });
});
