import type { WorkloadSidecars } from '@meshfleet/plugin-mesh-common';
import { shopWorkloads } from './__fixtures__/workloads';
import { expectedText, injectionText, mismatchExplanation, mismatchGroups, mismatchLabel } from './sidecarText';

const [cp] = shopWorkloads.clusters;
const cart = cp.workloads[0];
const shop = cp.namespaces[0];

describe('sidecar texts', () => {
  it('group mismatched pods by reason and revisions, and say what to do', () => {
    const groups = mismatchGroups(cart);
    expect(groups.map(mismatchLabel)).toEqual(['1 pod: sidecar 1-30 ≠ 1-31', '1 pod: no sidecar']);
    expect(groups.map(g => mismatchExplanation(g, shop))).toEqual([
      "sidecar revision 1-30 ≠ namespace's 1-31: restart the workload",
      "no sidecar, but the namespace's injection gives new pods revision 1-31: restart the workload",
    ]);
  });

  it("name the pod template when it, not the namespace, asks for the revision", () => {
    const canary: WorkloadSidecars = {
      ...cart,
      override: { revision: '1-31' },
      mismatched: [{ pod: 'p', reason: 'other-revision', sidecarRevision: '1-30', expectedRevision: '1-31' }],
    };
    const [group] = mismatchGroups(canary);
    expect(mismatchExplanation(group, { namespace: 'shop', exists: true, mode: 'none' })).toBe(
      "sidecar revision 1-30 ≠ pod template's 1-31: restart the workload",
    );
    expect(expectedText(canary)).toBe('1-31 (pod template: istio.io/rev=1-31)');
  });

  it("describe a namespace's injection", () => {
    expect(injectionText(shop)).toBe('istio-injection=enabled → 1-31');
    expect(injectionText({ namespace: 'legacy', exists: true, mode: 'revision', requested: '1-29' })).toBe('istio.io/rev=1-29 → no injector');
    expect(injectionText({ namespace: 'x', exists: false, mode: 'none' })).toBe('not in this cluster');
  });
});
