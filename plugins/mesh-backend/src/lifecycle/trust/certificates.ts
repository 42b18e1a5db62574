// @peculiar/x509 2.x resolves its services through tsyringe, which needs the
// Reflect metadata API; the library leaves loading it to the application.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';

/*
 * Certificates for Istio's plug-in CA: one root per mesh and one intermediate
 * per cluster, as Istio's tools/certs Makefiles make them (root: CA, key
 * usage certSign; intermediate: CA with pathlen 0, SAN
 * `istiod.istio-system.svc`, signed by the root).
 *
 * Keys are ECDSA P-256 (signatures ECDSA with SHA-256). Istio's CA accepts
 * them (security/pkg/pki/util: PKCS#8 keys, RSA or ECDSA; an ECDSA CA signs
 * workload certificates with ECDSA) and Node generates them at once, while a
 * 4096-bit RSA key, the Makefile's default, takes seconds of CPU per cluster.
 */

const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** The DNS name Istio's tools give intermediates (`INTERMEDIATE_SAN_DNS`). */
export const INTERMEDIATE_SAN_DNS = 'istiod.istio-system.svc';

/** A CA certificate with its private key, both PEM. */
export interface CertificateAuthority {
  certPem: string;
  /** PKCS#8 PEM. Never log it, store it in the database or return it from the API. */
  keyPem: string;
}

/** Validity of a certificate being made. */
export interface Validity {
  notBefore: Date;
  lifetimeMs: number;
}

/** What a certificate says about itself (no key material). */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  serialNumber: string;
}

function serialNumber(): string {
  // 16 random bytes, top bit cleared so the DER integer stays positive.
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

/** A name's RDN value: commas and such are escaped by replacing them. */
function rdn(value: string): string {
  return value.replace(/[,+="\\<>;#]/g, '-');
}

async function newKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
}

async function keyToPem(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function keyFromPem(pem: string): Promise<CryptoKey> {
  const [der] = x509.PemConverter.decode(pem);
  if (!der) throw new Error('no PEM block in the CA key');
  return crypto.subtle.importKey('pkcs8', der, KEY_ALGORITHM, false, ['sign']);
}

function caKeyUsages(): x509.KeyUsagesExtension {
  return new x509.KeyUsagesExtension(
    x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
    true,
  );
}

/** A self-signed root CA for one mesh. */
export async function createRootCa(meshId: string, validity: Validity): Promise<CertificateAuthority> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=Root CA, O=Meshfleet, OU=mesh ${rdn(meshId)}`,
    notBefore: validity.notBefore,
    notAfter: new Date(validity.notBefore.getTime() + validity.lifetimeMs),
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      caKeyUsages(),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await keyToPem(keys.privateKey) };
}

/** An intermediate CA for one cluster of the mesh, signed by its root. */
export async function createIntermediateCa(
  root: CertificateAuthority,
  meshId: string,
  cluster: string,
  validity: Validity,
): Promise<CertificateAuthority> {
  const rootCert = new x509.X509Certificate(root.certPem);
  const keys = await newKeys();
  const notAfter = new Date(validity.notBefore.getTime() + validity.lifetimeMs);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=Intermediate CA, O=Meshfleet, OU=mesh ${rdn(meshId)}, L=${rdn(cluster)}`,
    issuer: rootCert.subject,
    notBefore: validity.notBefore,
    // An intermediate never outlives its root: a chain is only as valid as its shortest link.
    notAfter: notAfter < rootCert.notAfter ? notAfter : rootCert.notAfter,
    publicKey: keys.publicKey,
    signingKey: await keyFromPem(root.keyPem),
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      caKeyUsages(),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: INTERMEDIATE_SAN_DNS }]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootCert),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await keyToPem(keys.privateKey) };
}

/** Subject, issuer and validity of a PEM certificate (the first one in the text). */
export function readCertificate(pem: string): CertificateInfo {
  const cert = new x509.X509Certificate(pem);
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    serialNumber: cert.serialNumber,
  };
}

/** Why a certificate does not chain to a root, or undefined when it does. */
export async function chainProblem(certPem: string, rootPem: string, at: Date = new Date()): Promise<string | undefined> {
  let cert: x509.X509Certificate;
  let root: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(certPem);
    root = new x509.X509Certificate(rootPem);
  } catch (error) {
    return `not a PEM certificate (${(error as Error).message})`;
  }
  if (cert.issuer !== root.subject) {
    return `issued by '${cert.issuer}', not by the root '${root.subject}'`;
  }
  const signedByRoot = await cert.verify({ publicKey: root.publicKey, signatureOnly: true });
  if (!signedByRoot) {
    return `not signed by the root '${root.subject}'`;
  }
  for (const [what, c] of [['certificate', cert], ['root', root]] as const) {
    if (at < c.notBefore || at > c.notAfter) {
      return `the ${what} is valid from ${c.notBefore.toISOString()} to ${c.notAfter.toISOString()}, not at ${at.toISOString()}`;
    }
  }
  const constraints = cert.getExtension(x509.BasicConstraintsExtension);
  if (!constraints?.ca) {
    return 'it is not a CA certificate (basicConstraints CA:false)';
  }
  return undefined;
}

/** Whether a PEM private key belongs to a PEM certificate (signs what the certificate's key verifies). */
export async function keyMatchesCertificate(keyPem: string, certPem: string): Promise<boolean> {
  const cert = new x509.X509Certificate(certPem);
  const key = await keyFromPem(keyPem).catch(() => undefined);
  if (!key) return false;
  const data = randomBytes(32);
  const signature = await crypto.subtle.sign(SIGNING_ALGORITHM, key, data);
  const publicKey = await cert.publicKey.export(KEY_ALGORITHM, ['verify'], crypto);
  return crypto.subtle.verify(SIGNING_ALGORITHM, publicKey, signature, data);
}
