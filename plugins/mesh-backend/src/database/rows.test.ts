import { toIsoTimestamp, toMeshRecord } from './rows';

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
    type: 'dedicated',
    control_plane_cluster: 'c1',
    trust_domain: 'cluster.local',
    revision: 'default',
    istio_version: null,
    created_at: '2026-11-26 00:00:00',
    updated_at: '2026-11-26 00:00:00',
  };

  it('takes only the members of its own mesh, sorted by cluster', () => {
    const record = toMeshRecord(row, [
      { mesh_id: 'm1', cluster: 'b', network: 'n' },
      { mesh_id: 'other', cluster: 'x', network: 'n' },
      { mesh_id: 'm1', cluster: 'a', network: 'n' },
    ]);
    expect(record.members.map(m => m.cluster)).toEqual(['a', 'b']);
  });

  it('refuses a mesh type it does not know, naming the mesh and the expected values', () => {
    expect(() => toMeshRecord({ ...row, type: 'ambient' }, [])).toThrow(
      "Mesh 'm1' has unknown type 'ambient' in the database; expected one of hosted, dedicated, external",
    );
  });
});
