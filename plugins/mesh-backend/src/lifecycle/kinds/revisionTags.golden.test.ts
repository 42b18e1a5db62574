import type { V1MutatingWebhookConfiguration } from '@kubernetes/client-node';
import fs from 'node:fs';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { meshRollbackSteps } from './meshRollback';
import { meshUpgradeSteps } from './meshUpgradeSteps';
import { canaryServiceManifest } from './revisionInstall';
import { emptyPushBugRisk, tagWebhookManifest } from './revisionTags';
import { parseMeshRollbackParams, parseMeshUpgradeParams } from './upgradeParams';

/*
 * Golden file of the pure parts of `mesh.upgrade` and `mesh.rollback`: the
 * tag webhooks Meshfleet applies (control plane and member, an ordinary tag
 * and `default`), the canary Service, the steps each request runs, and which
 * versions istio/istio#59959 affects, in `src/lifecycle/testdata/upgrade.yaml`.
 * Regenerate with `UPDATE_GOLDEN=1 yarn backstage-cli package test revisionTags.golden`.
 */

const update = process.env.UPDATE_GOLDEN === '1';
const FILE = path.resolve(__dirname, '..', 'testdata', 'upgrade.yaml');

/** The injector webhook of revision 1-31-0 as the istiod chart installs it in a control plane (Service) and a member (URL). */
function injector(clientConfig: object): V1MutatingWebhookConfiguration {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: 'istio-sidecar-injector-1-31-0', labels: { 'istio.io/rev': '1-31-0' } },
    webhooks: [
      {
        name: 'rev.namespace.sidecar-injector.istio.io',
        clientConfig: { ...clientConfig, caBundle: 'LS0tQ0EtLS0=' },
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
        reinvocationPolicy: 'Never',
      },
    ],
  };
}

const controlPlaneInjector = injector({ service: { name: 'istiod-1-31-0', namespace: 'istio-system', path: '/inject', port: 443 } });
const memberInjector = injector({ url: 'https://10.0.0.7:15017/inject/cluster/east/net/net-east' });

const VERSIONS = ['1.24.6', '1.25.0', '1.29.4', '1.29.5', '1.30.0', '1.30.1', '1.30.2', '1.31.0-rc.0-eed52ebb66ad', 'latest'];

function stepIds(steps: Array<{ id: string }>): string[] {
  return steps.map(s => s.id);
}

function golden() {
  const upgrade = { kind: 'mesh.upgrade', meshId: 'shop', version: '1.31.0', revision: '1-31-0', tags: ['prod'] };
  return {
    tagWebhooks: {
      'tag prod in a control plane': tagWebhookManifest('prod', '1-31-0', controlPlaneInjector, 'shop'),
      'tag default in a member': tagWebhookManifest('default', '1-31-0', memberInjector, 'shop'),
    },
    canaryService: canaryServiceManifest('shop', '1-31-0'),
    steps: {
      'mesh.upgrade': stepIds(meshUpgradeSteps(parseMeshUpgradeParams(upgrade))),
      'mesh.upgrade removeOld': stepIds(meshUpgradeSteps(parseMeshUpgradeParams({ ...upgrade, removeOld: true }))),
      'mesh.rollback': stepIds(meshRollbackSteps(parseMeshRollbackParams({ kind: 'mesh.rollback', meshId: 'shop', fromRevision: '1-31-0' }))),
      'mesh.rollback removeNew': stepIds(
        meshRollbackSteps(parseMeshRollbackParams({ kind: 'mesh.rollback', meshId: 'shop', fromRevision: '1-31-0', removeNew: true })),
      ),
    },
    emptyPushBug: Object.fromEntries(VERSIONS.map(v => [v, emptyPushBugRisk(v) ? 'affected' : 'not affected'])),
  };
}

describe('mesh.upgrade and mesh.rollback, pure parts', () => {
  it('match testdata/upgrade.yaml', () => {
    const text = toYaml(golden(), { sortMapEntries: false, lineWidth: 0, aliasDuplicateObjects: false });
    if (update) {
      fs.writeFileSync(FILE, text);
      return;
    }
    expect(text).toBe(fs.readFileSync(FILE, 'utf8'));
  });

  it('says why a tag move from an affected version is risky, naming the issue', () => {
    expect(emptyPushBugRisk('1.28.2')).toMatch(/istio\/istio#59959.*1\.25 to 1\.29\.4 and 1\.30\.0 to 1\.30\.1/);
  });

  it('refuses a tag webhook from an injector without webhooks', () => {
    expect(() => tagWebhookManifest('prod', '1-31-0', { metadata: { name: 'istio-sidecar-injector-1-31-0' }, webhooks: [] }, 'shop')).toThrow(
      'MutatingWebhookConfiguration istio-sidecar-injector-1-31-0 has no webhook',
    );
  });
});
