import type { V1Secret } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { ISTIO_NAMESPACE, MESH_ID_LABEL, MESHFLEET_NAMESPACE } from '../kinds/names';
import type { CertificateAuthority } from './certificates';

/** Istio's plug-in CA Secret in the istiod namespace (security/pkg/pki/ca). */
export const CACERTS_SECRET = 'cacerts';

/** The mesh's root CA (certificate and key), only in the control-plane cluster. */
export const ROOT_CA_SECRET = 'meshfleet-root-ca';

/** Keys of the `cacerts` Secret, as Istio reads them. */
export const CACERTS_KEYS = ['ca-cert.pem', 'ca-key.pem', 'root-cert.pem', 'cert-chain.pem'] as const;

const ROOT_CERT_KEY = 'root-cert.pem';
const ROOT_KEY_KEY = 'root-key.pem';

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function decoded(secret: V1Secret | undefined, key: string): string | undefined {
  const value = secret?.data?.[key];
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
}

/** PEM text ending in exactly one newline, so concatenated chains stay well-formed. */
function pemLines(pem: string): string {
  return `${pem.trim()}\n`;
}

/**
 * Istio's plug-in CA layout: the cluster's intermediate (certificate and
 * key), the mesh's root, and the chain intermediate + root, as Istio's
 * tools/certs Makefile concatenates it.
 */
export function cacertsSecret(meshId: string, intermediate: CertificateAuthority, rootCertPem: string): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: CACERTS_SECRET, namespace: ISTIO_NAMESPACE, labels: { [MESH_ID_LABEL]: meshId } },
    type: 'Opaque',
    data: {
      'ca-cert.pem': base64(pemLines(intermediate.certPem)),
      'ca-key.pem': base64(pemLines(intermediate.keyPem)),
      'root-cert.pem': base64(pemLines(rootCertPem)),
      'cert-chain.pem': base64(pemLines(intermediate.certPem) + pemLines(rootCertPem)),
    },
  };
}

/** The mesh's root CA Secret, in `meshfleet-system` of the control-plane cluster. */
export function rootCaSecret(meshId: string, root: CertificateAuthority): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: ROOT_CA_SECRET, namespace: MESHFLEET_NAMESPACE, labels: { [MESH_ID_LABEL]: meshId } },
    type: 'Opaque',
    data: { [ROOT_CERT_KEY]: base64(pemLines(root.certPem)), [ROOT_KEY_KEY]: base64(pemLines(root.keyPem)) },
  };
}

/** The root CA a root Secret holds, or undefined when it lacks either part. */
export function rootCaFrom(secret: V1Secret | undefined): CertificateAuthority | undefined {
  const certPem = decoded(secret, ROOT_CERT_KEY);
  const keyPem = decoded(secret, ROOT_KEY_KEY);
  return certPem && keyPem ? { certPem, keyPem } : undefined;
}

/** The public certificates of a `cacerts` Secret (the key is never read out of it). */
export function cacertsCertificates(
  secret: V1Secret | undefined,
): { caCertPem?: string; rootCertPem?: string } {
  return { caCertPem: decoded(secret, 'ca-cert.pem'), rootCertPem: decoded(secret, 'root-cert.pem') };
}

/**
 * A short fingerprint of a cluster's intermediate certificate (public). It
 * goes into istiod's pod annotations so that istiod restarts when its
 * `cacerts` changes (istiod reads the plug-in CA when it starts).
 */
export function certificateFingerprint(certPem: string): string {
  return createHash('sha256').update(pemLines(certPem)).digest('hex').slice(0, 16);
}
