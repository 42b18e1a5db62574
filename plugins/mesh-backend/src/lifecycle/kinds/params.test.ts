import { ConfigReader } from '@backstage/config';
import { readLifecycleConfig } from '../config';
import { parseClusterJoinParams } from './clusterJoin';
import { parseClusterLeaveParams } from './clusterLeave';
import { parseMeshCreateParams } from './meshCreate';
import { parseMeshDeleteParams } from './meshDelete';

const config = readLifecycleConfig(
  new ConfigReader({ meshfleet: { istio: { versions: [{ version: '1.31.0' }, { version: '1.30.2' }] } } }),
);

const create = {
  kind: 'mesh.create',
  mesh: {
    id: 'payments',
    title: 'Payments',
    type: 'hosted',
    controlPlaneCluster: 'mesh-cp',
    controlPlaneNetwork: 'net-cp',
    revision: '1-31-0',
    trustDomain: 'payments.example.com',
    owner: 'group:default/payments-team',
  },
};

function withMesh(fields: Record<string, unknown>) {
  return { ...create, mesh: { ...create.mesh, ...fields } };
}

describe('parseMeshCreateParams', () => {
  it('fills in the default Istio version and parses its own output to the same value', () => {
    const parsed = parseMeshCreateParams(create, config);
    expect(parsed.mesh.istioVersion).toBe('1.31.0');
    expect(parsed.mesh.members).toEqual([]);
    expect(parseMeshCreateParams(JSON.parse(JSON.stringify(parsed)), config)).toEqual(parsed);
  });

  it.each([
    [withMesh({ revision: '1.31.0' }), /^mesh\.revision: '1\.31\.0' is not a valid istiod revision; expected a DNS-1123 label .*no dots/],
    [withMesh({ revision: 'Canary' }), /^mesh\.revision: 'Canary' is not a valid istiod revision/],
    [withMesh({ id: 'pay_ments' }), /^mesh\.id: 'pay_ments' is not a valid mesh id/],
    [withMesh({ type: 'shared' }), /^mesh\.type: 'shared' is not a mesh type; expected one of hosted, dedicated, external/],
    [withMesh({ trustDomain: 'https://x' }), /^mesh\.trustDomain: 'https:\/\/x' is not a trust domain/],
    [withMesh({ controlPlaneNetwork: 'net cp' }), /^mesh\.controlPlaneNetwork: 'net cp' is not a valid network/],
    [withMesh({ owner: '' }), /^mesh\.owner: expected a non-empty string/],
    [withMesh({ members: [{ cluster: 'east', network: 'n' }] }), /^mesh\.members: a hosted mesh is created without members/],
    [withMesh({ revison: 'x' }), /^mesh\.revison: unknown field/],
    [{ ...create, controlPlaneAddress: 'https://istiod:15012' }, /^controlPlaneAddress: 'https:\/\/istiod:15012' is not an address/],
    [{ ...withMesh({ type: 'dedicated' }), controlPlaneAddress: '10.0.0.1' }, /^controlPlaneAddress: only a hosted mesh/],
    [{ ...create, kind: 'cluster.join' }, /^kind: expected 'mesh.create'/],
    [{ kind: 'mesh.create', mesh: 'payments' }, /^mesh: expected an object/],
  ])('refuses %j naming the field', (body, message) => {
    expect(() => parseMeshCreateParams(body, config)).toThrow(message);
  });

  it('requires an Istio version when none is configured', () => {
    const bare = readLifecycleConfig(new ConfigReader({}));
    expect(() => parseMeshCreateParams(create, bare)).toThrow(/^mesh\.istioVersion: required/);
  });

  it('takes members and no version for an external mesh', () => {
    const parsed = parseMeshCreateParams(
      withMesh({ type: 'external', members: [{ cluster: 'east', network: 'net-east' }] }),
      readLifecycleConfig(new ConfigReader({})),
    );
    expect(parsed.mesh.members).toEqual([{ cluster: 'east', network: 'net-east' }]);
    expect(parsed.mesh.istioVersion).toBeUndefined();
  });
});

describe('member and delete requests', () => {
  it('parses each kind to a value that parses to itself', () => {
    const join = parseClusterJoinParams({ kind: 'cluster.join', meshId: 'payments', cluster: 'east', network: 'net-east' });
    expect(parseClusterJoinParams(join)).toEqual(join);
    const leave = parseClusterLeaveParams({ kind: 'cluster.leave', meshId: 'payments', cluster: 'east' });
    expect(parseClusterLeaveParams(leave)).toEqual(leave);
    const del = parseMeshDeleteParams({ kind: 'mesh.delete', meshId: 'payments' });
    expect(parseMeshDeleteParams(del)).toEqual(del);
  });

  it.each([
    [() => parseClusterJoinParams({ kind: 'cluster.join', meshId: 'payments', cluster: 'east' }), /^network: expected a non-empty string/],
    [() => parseClusterJoinParams({ kind: 'cluster.join', meshId: 'payments', cluster: 'East_1', network: 'n' }), /^cluster: 'East_1' cannot name Istio's remote secret/],
    [() => parseClusterLeaveParams({ kind: 'cluster.leave', meshId: 'Payments', cluster: 'east' }), /^meshId: 'Payments' is not a valid mesh id/],
    [() => parseMeshDeleteParams({ kind: 'mesh.delete', meshId: 'payments', force: true }), /^force: unknown field; expected only kind, meshId/],
    [() => parseMeshDeleteParams(null), /^body: expected an object/],
  ])('refuses bad input naming the field (%#)', (parse, message) => {
    expect(parse).toThrow(message);
  });
});
