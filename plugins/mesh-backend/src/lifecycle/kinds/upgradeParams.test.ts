import { parseMeshRollbackParams, parseMeshUpgradeParams } from './upgradeParams';

const upgrade = {
  kind: 'mesh.upgrade',
  meshId: 'shop',
  version: '1.31.0',
  revision: '1-31-0',
  tags: ['prod'],
  namespaces: [{ cluster: 'east', namespace: 'shop' }],
  restart: { batchSize: 2, workloads: [{ cluster: 'east', namespace: 'shop', name: 'reviews' }] },
};

describe('parseMeshUpgradeParams', () => {
  it('reads a full request with defaults for what is left out, and reads its own result the same', () => {
    const params = parseMeshUpgradeParams(upgrade);
    expect(params).toEqual({ ...upgrade, removeOld: false, acceptEmptyPushRisk: false });
    expect(parseMeshUpgradeParams(params)).toEqual(params);
    expect(parseMeshUpgradeParams({ ...upgrade, controlPlaneAddress: '10.0.0.7' })).toMatchObject({ controlPlaneAddress: '10.0.0.7' });
    const minimal = parseMeshUpgradeParams({ kind: 'mesh.upgrade', meshId: 'shop', version: '1.31.0', revision: 'canary' });
    expect(minimal).toEqual({
      kind: 'mesh.upgrade',
      meshId: 'shop',
      version: '1.31.0',
      revision: 'canary',
      namespaces: [],
      restart: { batchSize: 1 },
      removeOld: false,
      acceptEmptyPushRisk: false,
    });
  });

  it.each([
    [{ revision: '1.31.0' }, "revision: '1.31.0' is not a valid istiod revision"],
    [{ version: 'one two' }, "version: 'one two' is not a chart version"],
    [{ tags: ['prod', 'prod'] }, "tags: 'prod' is listed twice"],
    [{ tags: 'prod' }, 'tags: expected a list'],
    [{ namespaces: [{ cluster: 'east' }] }, 'namespaces[0].namespace: expected a non-empty string'],
    [{ restart: { batchSize: 0 } }, 'restart.batchSize: expected an integer from 1 to 100, got 0'],
    [{ restart: { workloads: [] } }, 'restart.workloads: expected a non-empty list'],
    [{ restart: { workloads: [{ cluster: 'east', namespace: 'shop' }] } }, 'restart.workloads[0].name: expected a non-empty string'],
    [{ removeOld: 'yes' }, 'removeOld: expected true or false, got "yes"'],
    [{ removeNew: true }, 'removeNew: unknown field'],
    [{ meshId: undefined }, 'meshId: expected a non-empty string'],
    [{ controlPlaneAddress: 'https://10.0.0.7:15012' }, "controlPlaneAddress: 'https://10.0.0.7:15012' is not an address"],
  ])('refuses %j naming the field', (change, message) => {
    expect(() => parseMeshUpgradeParams({ ...upgrade, ...change })).toThrow(message);
  });
});

describe('parseMeshRollbackParams', () => {
  it('reads a request with the canary revision; tags and namespaces default at run time', () => {
    const params = parseMeshRollbackParams({ kind: 'mesh.rollback', meshId: 'shop', fromRevision: '1-31-0', removeNew: true });
    expect(params).toEqual({
      kind: 'mesh.rollback',
      meshId: 'shop',
      fromRevision: '1-31-0',
      namespaces: [],
      restart: { batchSize: 1 },
      removeNew: true,
      acceptEmptyPushRisk: false,
    });
    expect(parseMeshRollbackParams(params)).toEqual(params);
  });

  it('refuses a missing fromRevision and an upgrade body', () => {
    expect(() => parseMeshRollbackParams({ kind: 'mesh.rollback', meshId: 'shop' })).toThrow('fromRevision: expected a non-empty string');
    expect(() => parseMeshRollbackParams(upgrade)).toThrow("kind: expected 'mesh.rollback'");
  });
});
