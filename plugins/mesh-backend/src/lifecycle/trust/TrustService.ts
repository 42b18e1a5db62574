import type { V1Secret } from '@kubernetes/client-node';
import type { ClusterClient } from '../clusters/ClusterClient';
import { ISTIO_NAMESPACE, MESH_ID_LABEL, MESHFLEET_NAMESPACE } from '../kinds/names';
import { CertificateAuthority, chainProblem, createIntermediateCa, createRootCa } from './certificates';
import {
  CACERTS_SECRET,
  cacertsCertificates,
  cacertsSecret,
  certificateFingerprint,
  ROOT_CA_SECRET,
  rootCaFrom,
  rootCaSecret,
} from './cacertsSecrets';

/** What a cluster's `cacerts` needs, and why. */
export interface CacertsAssessment {
  action: 'create' | 'update' | 'unchanged';
  reason: string;
  /** Fingerprint of the intermediate in place when it is kept. */
  fingerprint?: string;
}

const ROOT_REF = { apiVersion: 'v1', kind: 'Secret', namespace: MESHFLEET_NAMESPACE, name: ROOT_CA_SECRET };
const CACERTS_REF = { apiVersion: 'v1', kind: 'Secret', namespace: ISTIO_NAMESPACE, name: CACERTS_SECRET };

/**
 * A mesh's trust, kept in its clusters: the root CA (certificate and key)
 * only in the control-plane cluster, each cluster's intermediate in its
 * `cacerts`. Keys pass through memory only: never into the database, a log,
 * an error message or an API answer.
 */
export class TrustService {
  constructor(
    private readonly options: {
      rootLifetimeMs: number;
      intermediateLifetimeMs: number;
      now?: () => Date;
    },
  ) {}

  /** The mesh's root CA in the control-plane cluster, or undefined when there is none yet. */
  async readRoot(meshId: string, controlPlane: ClusterClient): Promise<CertificateAuthority | undefined> {
    const secret = await controlPlane.get<V1Secret>(ROOT_REF);
    if (!secret) return undefined;
    const owner = secret.metadata?.labels?.[MESH_ID_LABEL];
    if (owner !== meshId) {
      throw new Error(
        `${controlPlane.cluster}: Secret ${MESHFLEET_NAMESPACE}/${ROOT_CA_SECRET} belongs to mesh '${owner ?? '<unlabelled>'}', not to '${meshId}'`,
      );
    }
    const root = rootCaFrom(secret);
    if (!root) {
      throw new Error(`${controlPlane.cluster}: Secret ${MESHFLEET_NAMESPACE}/${ROOT_CA_SECRET} lacks the root certificate or key`);
    }
    return root;
  }

  /**
   * The mesh's root, created in the control-plane cluster when there is none.
   * Created, never overwritten: if another run created one meanwhile, that
   * one is read and used. The namespace must exist.
   */
  async ensureRoot(meshId: string, controlPlane: ClusterClient): Promise<{ root: CertificateAuthority; created: boolean }> {
    const existing = await this.readRoot(meshId, controlPlane);
    if (existing) return { root: existing, created: false };
    const root = await createRootCa(meshId, { notBefore: this.now(), lifetimeMs: this.options.rootLifetimeMs });
    const outcome = await controlPlane.create(rootCaSecret(meshId, root));
    if (outcome === 'exists') {
      const winner = await this.readRoot(meshId, controlPlane);
      if (!winner) throw new Error(`${controlPlane.cluster}: the root CA Secret vanished while it was created`);
      return { root: winner, created: false };
    }
    return { root, created: true };
  }

  /**
   * Whether a cluster's `cacerts` is to be created, replaced or kept: kept
   * when its intermediate chains to the mesh's root (and says that root) now.
   */
  async assessCacerts(root: CertificateAuthority | undefined, cluster: ClusterClient): Promise<CacertsAssessment> {
    const secret = await cluster.get<V1Secret>(CACERTS_REF);
    if (!secret) return { action: 'create', reason: 'no plug-in CA yet' };
    if (!root) return { action: 'update', reason: 'the mesh has no root CA yet, so the existing one cannot chain to it' };
    const { caCertPem, rootCertPem } = cacertsCertificates(secret);
    if (!caCertPem || !rootCertPem) return { action: 'update', reason: 'the Secret lacks ca-cert.pem or root-cert.pem' };
    if (rootCertPem.trim() !== root.certPem.trim()) {
      return { action: 'update', reason: "its root-cert.pem is not the mesh's root" };
    }
    const problem = await chainProblem(caCertPem, root.certPem, this.now());
    if (problem) return { action: 'update', reason: `its ca-cert.pem does not chain to the mesh's root: ${problem}` };
    return { action: 'unchanged', reason: "chains to the mesh's root", fingerprint: certificateFingerprint(caCertPem) };
  }

  /**
   * Makes the cluster's `cacerts` an intermediate of the mesh's root: kept
   * when it already is one, else a new intermediate is made and applied.
   * Returns the fingerprint of the intermediate in place.
   */
  async ensureCacerts(
    meshId: string,
    root: CertificateAuthority,
    cluster: ClusterClient,
  ): Promise<{ action: CacertsAssessment['action']; fingerprint: string }> {
    const assessment = await this.assessCacerts(root, cluster);
    if (assessment.action === 'unchanged') return { action: 'unchanged', fingerprint: assessment.fingerprint! };
    const intermediate = await createIntermediateCa(root, meshId, cluster.cluster, {
      notBefore: this.now(),
      lifetimeMs: this.options.intermediateLifetimeMs,
    });
    await cluster.apply(cacertsSecret(meshId, intermediate, root.certPem));
    return { action: assessment.action, fingerprint: certificateFingerprint(intermediate.certPem) };
  }

  /** Fingerprint of the intermediate a cluster's `cacerts` holds now, if any. */
  async currentFingerprint(cluster: ClusterClient): Promise<string | undefined> {
    const { caCertPem } = cacertsCertificates(await cluster.get<V1Secret>(CACERTS_REF));
    return caCertPem ? certificateFingerprint(caCertPem) : undefined;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/** References of the trust Secrets, for plans and deletes. */
export const TRUST_REFS = { root: ROOT_REF, cacerts: CACERTS_REF };
