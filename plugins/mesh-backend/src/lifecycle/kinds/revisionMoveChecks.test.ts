import { checkEmptyPushRisk } from './revisionMoveChecks';
import { parseMeshUpgradeParams } from './upgradeParams';

const params = (fields: object = {}) =>
  parseMeshUpgradeParams({ kind: 'mesh.upgrade', meshId: 'shop', version: '1.31.0', revision: '1-31-0', ...fields });

describe('checkEmptyPushRisk', () => {
  it('refuses a tag move from an affected version, saying why and what to do instead', () => {
    expect(() => checkEmptyPushRisk(params(), true, '1.29.4')).toThrow(
      /^tags: istiod 1\.29\.4 is affected by Istio's gateway empty-push bug \(istio\/istio#59959.*Move namespaces instead.*acceptEmptyPushRisk: true/,
    );
  });

  it('returns the risk as a warning once accepted', () => {
    expect(checkEmptyPushRisk(params({ acceptEmptyPushRisk: true }), true, '1.30.1')).toMatch(/istio\/istio#59959/);
  });

  it('lets a move without tags, or from a fixed version, pass', () => {
    expect(checkEmptyPushRisk(params(), false, '1.29.4')).toBeUndefined();
    expect(checkEmptyPushRisk(params(), true, '1.30.3-9739e10eb9d7')).toBeUndefined();
  });
});
