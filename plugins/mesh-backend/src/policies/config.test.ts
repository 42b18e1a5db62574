import { ConfigReader } from '@backstage/config';
import { readPolicyConfig } from './config';

const read = (policies?: object) => readPolicyConfig(new ConfigReader({ meshfleet: policies ? { policies } : {} }));

describe('readPolicyConfig', () => {
  it('reuses the clusters’ state for 10 s unless configured', () => {
    expect(read().clusterStateTtlMs).toBe(10_000);
  });

  it('takes PromQL-style and Backstage durations, and 0 for reading the clusters on every validation', () => {
    expect(read({ clusterStateTtl: '2s' }).clusterStateTtlMs).toBe(2_000);
    expect(read({ clusterStateTtl: { seconds: 30 } }).clusterStateTtlMs).toBe(30_000);
    expect(read({ clusterStateTtl: 0 }).clusterStateTtlMs).toBe(0);
  });

  it('names the setting when its value is not a duration', () => {
    expect(() => read({ clusterStateTtl: 'soon' })).toThrow(/clusterStateTtl/);
  });
});
