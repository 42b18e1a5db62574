import { X509Certificate } from 'node:crypto';
import {
  chainProblem,
  createIntermediateCa,
  createRootCa,
  INTERMEDIATE_SAN_DNS,
  keyMatchesCertificate,
  readCertificate,
} from './certificates';
import { cacertsSecret, certificateFingerprint, rootCaFrom, rootCaSecret } from './cacertsSecrets';

const DAY = 24 * 60 * 60 * 1000;
const start = new Date('2026-01-01T00:00:00Z');

describe('trust certificates', () => {
  it('makes an intermediate that chains to its root, checked by Node’s own X.509 implementation too', async () => {
    const root = await createRootCa('payments', { notBefore: start, lifetimeMs: 3650 * DAY });
    const intermediate = await createIntermediateCa(root, 'payments', 'east', { notBefore: start, lifetimeMs: 365 * DAY });

    expect(await chainProblem(intermediate.certPem, root.certPem, new Date('2026-06-01T00:00:00Z'))).toBeUndefined();

    const nodeRoot = new X509Certificate(root.certPem);
    const nodeIntermediate = new X509Certificate(intermediate.certPem);
    expect(nodeIntermediate.checkIssued(nodeRoot)).toBe(true);
    expect(nodeIntermediate.verify(nodeRoot.publicKey)).toBe(true);
    expect(nodeRoot.verify(nodeRoot.publicKey)).toBe(true);
    expect(nodeRoot.ca).toBe(true);
    expect(nodeIntermediate.ca).toBe(true);
    expect(nodeIntermediate.subjectAltName).toBe(`DNS:${INTERMEDIATE_SAN_DNS}`);
    expect(nodeIntermediate.subject).toContain('L=east');
    expect(nodeIntermediate.publicKey.asymmetricKeyType).toBe('ec');
    expect(nodeIntermediate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('rejects an intermediate of another root, naming the issuer', async () => {
    const root = await createRootCa('payments', { notBefore: start, lifetimeMs: 3650 * DAY });
    const otherRoot = await createRootCa('payments', { notBefore: start, lifetimeMs: 3650 * DAY });
    const intermediate = await createIntermediateCa(otherRoot, 'payments', 'east', { notBefore: start, lifetimeMs: 365 * DAY });

    // Same subject on both roots: only the signature tells them apart.
    expect(await chainProblem(intermediate.certPem, root.certPem, start)).toMatch(/not signed by the root/);

    const foreignRoot = await createRootCa('orders', { notBefore: start, lifetimeMs: 3650 * DAY });
    expect(await chainProblem(intermediate.certPem, foreignRoot.certPem, start)).toMatch(
      /issued by 'CN=Root CA, O=Meshfleet, OU=mesh payments', not by the root 'CN=Root CA, O=Meshfleet, OU=mesh orders'/,
    );
  });

  it('rejects a chain outside its validity and reads the expiry', async () => {
    const root = await createRootCa('payments', { notBefore: start, lifetimeMs: 3650 * DAY });
    const intermediate = await createIntermediateCa(root, 'payments', 'west', { notBefore: start, lifetimeMs: 365 * DAY });

    expect(readCertificate(intermediate.certPem)).toEqual(
      expect.objectContaining({
        notBefore: '2026-01-01T00:00:00.000Z',
        notAfter: '2027-01-01T00:00:00.000Z',
        issuer: 'CN=Root CA, O=Meshfleet, OU=mesh payments',
      }),
    );
    expect(readCertificate(root.certPem).notAfter).toBe('2035-12-30T00:00:00.000Z');
    expect(await chainProblem(intermediate.certPem, root.certPem, new Date('2027-01-02T00:00:00Z'))).toMatch(
      /the certificate is valid from 2026-01-01T00:00:00.000Z to 2027-01-01T00:00:00.000Z/,
    );
  });

  it('never lets an intermediate outlive its root', async () => {
    const root = await createRootCa('payments', { notBefore: start, lifetimeMs: 30 * DAY });
    const intermediate = await createIntermediateCa(root, 'payments', 'east', { notBefore: start, lifetimeMs: 365 * DAY });
    expect(readCertificate(intermediate.certPem).notAfter).toBe(readCertificate(root.certPem).notAfter);
  });

  it('keeps each key with its certificate, as PKCS#8 PEM (what Istio parses)', async () => {
    const root = await createRootCa('payments', { notBefore: start, lifetimeMs: 3650 * DAY });
    const intermediate = await createIntermediateCa(root, 'payments', 'east', { notBefore: start, lifetimeMs: 365 * DAY });
    expect(intermediate.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(await keyMatchesCertificate(intermediate.keyPem, intermediate.certPem)).toBe(true);
    expect(await keyMatchesCertificate(root.keyPem, intermediate.certPem)).toBe(false);
  });

  it("writes Istio's plug-in CA layout: cert-chain.pem is the intermediate followed by the root", async () => {
    const root = await createRootCa('payments', { notBefore: start, lifetimeMs: 3650 * DAY });
    const intermediate = await createIntermediateCa(root, 'payments', 'east', { notBefore: start, lifetimeMs: 365 * DAY });
    const secret = cacertsSecret('payments', intermediate, root.certPem);
    const text = (key: string) => Buffer.from(secret.data![key], 'base64').toString('utf8');

    expect(Object.keys(secret.data!).sort()).toEqual(['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem']);
    expect(secret.metadata).toEqual({ name: 'cacerts', namespace: 'istio-system', labels: { 'meshfleet.io/mesh-id': 'payments' } });
    expect(text('cert-chain.pem')).toBe(`${intermediate.certPem.trim()}\n${root.certPem.trim()}\n`);
    expect(text('root-cert.pem')).toBe(`${root.certPem.trim()}\n`);
    expect(await keyMatchesCertificate(text('ca-key.pem'), text('ca-cert.pem'))).toBe(true);
    expect(certificateFingerprint(text('ca-cert.pem'))).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads back the root it stores', async () => {
    const root = await createRootCa('payments', { notBefore: start, lifetimeMs: 3650 * DAY });
    const back = rootCaFrom(rootCaSecret('payments', root));
    expect(back?.certPem.trim()).toBe(root.certPem.trim());
    expect(await keyMatchesCertificate(back!.keyPem, back!.certPem)).toBe(true);
    expect(rootCaFrom({ data: {} })).toBeUndefined();
  });
});
