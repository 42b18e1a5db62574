import { namespaceLabelPatch, withRevision } from './gatewayMove';

/*
 * The pure parts of move-gateways: the namespace label a gateway's move
 * changes (Istio's namespace label wins over the pod's), and the chart
 * values with the revision replaced. The step itself runs against real Helm
 * and istiod in upgrade.fleet.test.ts.
 */

const namespace = (labels: Record<string, string>) => ({ metadata: { name: 'edge', labels } });

describe('namespaceLabelPatch', () => {
  it('moves istio.io/rev from the old revision to the new one, leaving other labels alone', () => {
    expect(namespaceLabelPatch(namespace({ 'istio.io/rev': 'stable', team: 'edge' }), 'stable', 'canary')).toEqual({
      'istio-injection': null,
      'istio.io/rev': 'canary',
    });
  });

  it('changes nothing in a namespace labelled for another revision, or not labelled, or absent', () => {
    expect(namespaceLabelPatch(namespace({ 'istio.io/rev': 'canary' }), 'stable', 'canary')).toBeUndefined();
    expect(namespaceLabelPatch(namespace({}), 'stable', 'canary')).toBeUndefined();
    expect(namespaceLabelPatch(undefined, 'stable', 'canary')).toBeUndefined();
  });

  it('uses istio-injection=enabled for the default revision, both ways', () => {
    expect(namespaceLabelPatch(namespace({ 'istio-injection': 'enabled' }), 'default', 'canary')).toEqual({
      'istio-injection': null,
      'istio.io/rev': 'canary',
    });
    expect(namespaceLabelPatch(namespace({ 'istio.io/rev': 'canary' }), 'canary', 'default')).toEqual({
      'istio.io/rev': null,
      'istio-injection': 'enabled',
    });
  });
});

describe('withRevision', () => {
  const values = { revision: 'stable', replicaCount: 2, labels: { istio: 'edge-egressgateway', 'meshfleet.io/mesh-id': 'shop' } };

  it('replaces the revision and keeps every other value', () => {
    expect(withRevision(values, 'canary')).toEqual({ ...values, revision: 'canary' });
  });

  it('drops the revision for default, as gateway.create writes it', () => {
    const { revision: _revision, ...rest } = values;
    expect(withRevision(values, 'default')).toEqual(rest);
  });
});
