import { ConfigReader } from '@backstage/config';
import { readLifecycleConfig } from '../config';
import { gatewayChartVersion, gatewayCluster, GatewayMesh, gatewayRevision } from './gatewayMesh';

const mesh: GatewayMesh = {
  id: 'demo',
  type: 'hosted',
  clusters: [{ cluster: 'mesh-cp', network: 'net-mesh-cp' }, { cluster: 'west', network: 'net-west' }],
  revisions: ['default', '1-31-0'],
  defaultRevision: 'default',
  istioVersion: '1.31.0',
};

describe('gatewayRevision', () => {
  it("takes a revision of the mesh, or the mesh's own", () => {
    expect(gatewayRevision(mesh, '1-31-0')).toBe('1-31-0');
    expect(gatewayRevision(mesh, undefined)).toBe('default');
  });

  it('refuses a revision no istiod of the mesh runs, listing those that do', () => {
    expect(() => gatewayRevision(mesh, 'canary')).toThrow(
      "revision: 'canary' is not an istiod revision of mesh 'demo'; expected one of default, 1-31-0",
    );
  });

  it('asks for a revision when several run and none is recorded', () => {
    const { defaultRevision, ...undecided } = mesh;
    void defaultRevision;
    expect(() => gatewayRevision({ ...undecided, revisions: ['a', 'b'] }, undefined)).toThrow(
      "revision: mesh 'demo' runs several istiod revisions (a, b) and records none as its own; choose one",
    );
  });
});

describe('gatewayCluster', () => {
  it('refuses a cluster outside the mesh, naming the clusters it has', () => {
    expect(gatewayCluster(mesh, 'west')).toEqual({ cluster: 'west', network: 'net-west' });
    expect(() => gatewayCluster(mesh, 'east')).toThrow("cluster: 'east' is not a cluster of mesh 'demo'; expected one of mesh-cp, west");
  });
});

describe('gatewayChartVersion', () => {
  const config = readLifecycleConfig(
    new ConfigReader({
      meshfleet: { istio: { versions: [{ version: '1.31.0-rc.0-eed52ebb66ad', tag: '1.31.0' }, { version: '1.30.2' }] } },
    }),
  );

  it("maps the image tag discovery read to the configured chart version, else the mesh's version or the default", () => {
    expect(gatewayChartVersion(mesh, config)).toBe('1.31.0-rc.0-eed52ebb66ad');
    expect(gatewayChartVersion({ ...mesh, istioVersion: '1.30.2' }, config)).toBe('1.30.2');
    expect(gatewayChartVersion({ ...mesh, istioVersion: '1.29.0' }, config)).toBe('1.31.0-rc.0-eed52ebb66ad');
  });
});
