import fs from 'node:fs';
import path from 'node:path';
import { isMultiNetwork, meshNetworks, MeshNetworksInput, NO_NETWORK } from './meshNetworks';

/*
 * Golden file: each mesh of testdata/meshNetworks.cases.json becomes its
 * networks, compared with testdata/meshNetworks.golden.json (by case name).
 * `UPDATE_GOLDEN=1` rewrites it; its diff is the review of a change.
 */

const testdata = path.join(__dirname, 'testdata');
const cases: Array<{ name: string; mesh: MeshNetworksInput }> = JSON.parse(
  fs.readFileSync(path.join(testdata, 'meshNetworks.cases.json'), 'utf8'),
);
const caseNamed = (name: string) => cases.find(c => c.name === name)!.mesh;

describe('meshNetworks', () => {
  it('turns each case into the networks of the golden file', () => {
    const actual = Object.fromEntries(cases.map(c => [c.name, meshNetworks(c.mesh)]));
    const goldenPath = path.join(testdata, 'meshNetworks.golden.json');
    if (process.env.UPDATE_GOLDEN === '1') {
      fs.writeFileSync(goldenPath, `${JSON.stringify(actual, null, 2)}\n`);
    }
    expect(actual).toEqual(JSON.parse(fs.readFileSync(goldenPath, 'utf8')));
  });

  it("says of every network of the demo mesh that other networks cannot reach it, with the control plane's first", () => {
    const networks = meshNetworks(caseNamed('three networks without east-west gateways (the demo mesh today)'));
    expect(networks.map(n => [n.network, n.clusters.map(c => c.name), n.problem])).toEqual([
      ['net-mesh-cp', ['mesh-cp'], 'no east-west gateway with an address: workloads on other networks cannot reach services here'],
      ['net-east', ['east'], 'no east-west gateway with an address: workloads on other networks cannot reach services here'],
      ['net-west', ['west'], 'no east-west gateway with an address: workloads on other networks cannot reach services here'],
    ]);
    expect(isMultiNetwork(networks)).toBe(true);
  });

  it('tells a gateway without an address from one with an address but no ready pod', () => {
    const networks = meshNetworks(caseNamed('a gateway waiting for its address and one addressed but not ready'));
    expect(networks.map(n => n.problem)).toEqual([
      undefined,
      'no east-west gateway with an address: workloads on other networks cannot reach services here',
      'no east-west gateway with an address is ready: workloads on other networks cannot reach services here',
    ]);
  });

  it('needs no gateway when every cluster shares one network, or has none', () => {
    for (const name of ['single network, no gateways', 'one network and a cluster without one: no gateways needed']) {
      const networks = meshNetworks(caseNamed(name));
      expect(isMultiNetwork(networks)).toBe(false);
      expect(networks.filter(n => n.problem)).toEqual([]);
    }
    const unnamed = meshNetworks(caseNamed('no network set anywhere, control plane without one'));
    expect(unnamed).toEqual([{ network: NO_NETWORK, clusters: [{ name: 'solo', controlPlane: true }], eastWestGateways: [] }]);
  });

  it('does not change the mesh it reads', () => {
    const mesh = caseNamed('three networks, each with a ready addressed east-west gateway');
    const before = JSON.stringify(mesh);
    meshNetworks(mesh);
    expect(JSON.stringify(mesh)).toEqual(before);
  });
});
