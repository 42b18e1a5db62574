import { toClusterRows, toIsoTimestamp, toMeshRecord } from './rows';

describe('toIsoTimestamp', () => {
  it('reads PostgreSQL dates', () => {
    expect(toIsoTimestamp(new Date('2026-11-26T01:02:03.000Z'))).toBe('2026-11-26T01:02:03.000Z');
  });

  it("reads SQLite's zone-less UTC text as UTC", () => {
    expect(toIsoTimestamp('2026-11-26 01:02:03')).toBe('2026-11-26T01:02:03.000Z');
  });

  it('keeps an explicit zone', () => {
    expect(toIsoTimestamp('2026-11-26T01:02:03+02:00')).toBe('2026-11-25T23:02:03.000Z');
  });

  it('names the value it cannot read', () => {
    expect(() => toIsoTimestamp('yesterday')).toThrow("Unreadable timestamp 'yesterday'");
  });
});

describe('toMeshRecord', () => {
  const row = {
    id: 'm1',
    title: 'Mesh one',
    type: 'hosted',
    control_plane_cluster: 'cp',
    trust_domain: 'cluster.local',
    revision: 'default',
    istio_version: null,
    owner: null,
    version: 3,
    created_at: '2026-11-26 00:00:00',
    updated_at: '2026-11-26 00:00:00',
  };

  it('takes only the members of its own mesh, sorted by cluster, and the control plane network apart', () => {
    const record = toMeshRecord(row, [
      { mesh_id: 'm1', cluster: 'b', role: 'member', network: 'nb' },
      { mesh_id: 'other', cluster: 'x', role: 'member', network: 'n' },
      { mesh_id: 'm1', cluster: 'cp', role: 'control-plane', network: 'ncp' },
      { mesh_id: 'm1', cluster: 'a', role: 'member', network: 'na' },
    ]);
    expect(record.members).toEqual([
      { cluster: 'a', network: 'na' },
      { cluster: 'b', network: 'nb' },
    ]);
    expect(record.controlPlaneNetwork).toBe('ncp');
    expect(record.version).toBe(3);
  });

  it('refuses a mesh type it does not know, naming the mesh and the expected values', () => {
    expect(() => toMeshRecord({ ...row, type: 'ambient' }, [])).toThrow(
      "Mesh 'm1' has unknown type 'ambient' in the database; expected one of hosted, dedicated, external",
    );
  });
});

describe('toClusterRows', () => {
  it('puts the control plane first, so a mesh claims every cluster it uses', () => {
    expect(
      toClusterRows('m1', 'cp', { controlPlaneNetwork: undefined, members: [{ cluster: 'a', network: 'na' }] }),
    ).toEqual([
      { mesh_id: 'm1', cluster: 'cp', role: 'control-plane', network: null },
      { mesh_id: 'm1', cluster: 'a', role: 'member', network: 'na' },
    ]);
  });
});
