import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import type { ClusterEndpoint } from '../clusters/ClusterConnector';
import {
  controlPlaneServiceManifest,
  namespaceManifest,
  readerTokenSecretManifest,
  remoteKubeconfig,
  remoteSecretManifest,
} from './manifests';
import {
  CONTROL_PLANE_CLUSTERS_ANNOTATION,
  injectionPath,
  ISTIO_NAMESPACE,
  istiodRelease,
  NETWORK_LABEL,
  remoteRelease,
} from './names';
import { baseValues, controlPlaneIstiodValues, MeshInstallFacts, memberIstiodValues } from './values';

/**
 * Golden files of what the mesh operations derive from a mesh: Helm values
 * and manifests, in `src/lifecycle/testdata/<case>.yaml`. Regenerate with
 * `UPDATE_GOLDEN=1 yarn backstage-cli package test derivations`.
 */
const update = process.env.UPDATE_GOLDEN === '1';
const TESTDATA = path.resolve(__dirname, '..', 'testdata');

/** A fake token: the golden files show where a real one goes. */
const FAKE_TOKEN = 'FAKE-READER-TOKEN-FOR-GOLDEN-FILES';

const member: ClusterEndpoint = {
  name: 'east',
  url: 'https://east.example.com:6443',
  caData: Buffer.from('-----BEGIN CERTIFICATE-----\nEAST-CA\n-----END CERTIFICATE-----\n').toString('base64'),
  skipTLSVerify: false,
};

function facts(revision: string): MeshInstallFacts {
  return { meshId: 'payments', revision, trustDomain: 'payments.example.com', images: { hub: 'docker.io/istio', tag: '1.31.0' } };
}

const cases: Record<string, () => unknown> = {
  'hosted-control-plane': () => ({
    namespace: namespaceManifest(ISTIO_NAMESPACE, { labels: { [NETWORK_LABEL]: 'net-cp' }, createdForMesh: 'payments' }),
    releases: {
      'istio-base': baseValues(facts('default')),
      [istiodRelease('default')]: controlPlaneIstiodValues(
        facts('default'),
        { name: 'mesh-cp', network: 'net-cp' },
        { externalIstiod: true, cacertsFingerprint: '0123456789abcdef' },
      ),
    },
    service: controlPlaneServiceManifest('payments', 'default'),
  }),
  'dedicated-revisioned': () => ({
    releases: {
      'istio-base': baseValues(facts('1-31-0')),
      [istiodRelease('1-31-0')]: controlPlaneIstiodValues(
        { ...facts('1-31-0'), images: { tag: '1.31.0' } },
        { name: 'solo', network: 'net-solo' },
        { externalIstiod: false },
      ),
    },
  }),
  'member-east': () => ({
    namespace: namespaceManifest(ISTIO_NAMESPACE, {
      labels: { [NETWORK_LABEL]: 'net-east' },
      annotations: { [CONTROL_PLANE_CLUSTERS_ANNOTATION]: 'mesh-cp' },
    }),
    releases: {
      'istio-base': baseValues(facts('1-31-0'), 'remote'),
      [remoteRelease('1-31-0')]: memberIstiodValues(facts('1-31-0'), { name: 'east', network: 'net-east' }, '10.96.0.15'),
    },
    readerToken: readerTokenSecretManifest('payments'),
    remoteSecret: remoteSecretManifest('payments', member, FAKE_TOKEN),
    remoteKubeconfig: parseYaml(remoteKubeconfig(member, FAKE_TOKEN)),
  }),
};

describe('derivations (golden)', () => {
  it.each(Object.keys(cases))('%s', name => {
    const text = toYaml(cases[name](), { sortMapEntries: false });
    const file = path.join(TESTDATA, `${name}.yaml`);
    if (update) {
      fs.mkdirSync(TESTDATA, { recursive: true });
      fs.writeFileSync(file, text);
      return;
    }
    if (!fs.existsSync(file)) throw new Error(`${file} is missing; run with UPDATE_GOLDEN=1 to create it`);
    expect(text).toBe(fs.readFileSync(file, 'utf8'));
  });

  it("escapes '/' in injection paths as Istio documents", () => {
    expect(injectionPath('team/east', 'net/1')).toBe('/inject/cluster/team--slash--east/net/net--slash--1');
  });

  it("puts the member's kubeconfig under the member's name in the remote secret", () => {
    const secret = remoteSecretManifest('payments', member, FAKE_TOKEN);
    expect(Object.keys(secret.data!)).toEqual(['east']);
    expect(Buffer.from(secret.data!.east, 'base64').toString('utf8')).toBe(remoteKubeconfig(member, FAKE_TOKEN));
  });
});
