import fs from 'node:fs';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { namespaceManifest } from './manifests';
import { crossNetworkGatewayManifest, eastWestGatewayValues } from './eastWest';
import { gatewayIstioLabel, gatewayNamespaceLabels, gatewayValues } from './gatewayValues';

/**
 * Golden files of what `gateway.create` derives (the gateway chart's values
 * and the namespace) and of the east-west gateways `cluster.join` installs,
 * in `src/lifecycle/testdata/gateway-<case>.yaml`.
 * Regenerate with `UPDATE_GOLDEN=1 yarn backstage-cli package test gatewayValues`.
 */
const update = process.env.UPDATE_GOLDEN === '1';
const TESTDATA = path.resolve(__dirname, '..', 'testdata');

const cases: Record<string, () => unknown> = {
  'gateway-ingress-default': () => ({
    namespace: namespaceManifest('istio-ingress', { labels: gatewayNamespaceLabels('default'), createdForMesh: 'demo' }),
    values: gatewayValues({ meshId: 'demo', name: 'shop-ingress', type: 'ingress', revision: 'default', network: 'net-west' }),
  }),
  'gateway-egress-revisioned': () => ({
    namespace: namespaceManifest('istio-egress', { labels: gatewayNamespaceLabels('1-31-0') }),
    values: gatewayValues({
      meshId: 'payments',
      name: 'istio-egressgateway',
      type: 'egress',
      revision: '1-31-0',
      replicas: 3,
      ports: [{ name: 'tls', port: 443 }, { name: 'tcp-db', port: 5432, targetPort: 15432, protocol: 'TCP' }],
    }),
  }),
  // cluster.join of a member on another network: both sides' gateways and the one cross-network Gateway.
  'gateway-east-west': () => ({
    controlPlane: eastWestGatewayValues({ meshId: 'payments', revision: 'default', network: 'net-cp' }),
    member: eastWestGatewayValues({ meshId: 'payments', revision: '1-31-0', network: 'net-eu' }),
    crossNetworkGateway: crossNetworkGatewayManifest('payments'),
  }),
};

describe('gateway derivations (golden)', () => {
  it.each(Object.keys(cases))('%s', name => {
    const text = toYaml(cases[name](), { sortMapEntries: false });
    const file = path.join(TESTDATA, `${name}.yaml`);
    if (update) {
      fs.writeFileSync(file, text);
      return;
    }
    if (!fs.existsSync(file)) throw new Error(`${file} is missing; run with UPDATE_GOLDEN=1 to create it`);
    expect(text).toBe(fs.readFileSync(file, 'utf8'));
  });

  it.each([
    ['shop', 'ingress', 'shop-ingressgateway'],
    ['istio-ingressgateway', 'ingress', 'ingressgateway'],
    ['edge-ingressgateway', 'ingress', 'edge-ingressgateway'],
    ['istio-egressgateway', 'egress', 'egressgateway'],
    // A name that is another type's: the type's suffix decides (discovery reads the suffix first).
    ['edge-egressgateway', 'ingress', 'edge-egressgateway-ingressgateway'],
  ] as const)("labels gateway '%s' (%s) istio=%s", (name, type, label) => {
    expect(gatewayIstioLabel(name, type)).toBe(label);
  });
});
