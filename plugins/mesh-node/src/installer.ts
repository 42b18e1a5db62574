import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * What to install: one istiod revision for one mesh in its control-plane cluster.
 *
 * @public
 */
export interface ControlPlaneInstallRequest {
  /** The mesh's identifier (Istio `meshID`). */
  meshId: string;
  /** The Backstage cluster name of the mesh's control-plane cluster. */
  cluster: string;
  /** The Istio version to install, e.g. `1.28.0`. */
  istioVersion: string;
  /** The istiod revision, e.g. `1-28-0`; `default` for an unrevisioned install. */
  revision: string;
  /** The mesh's SPIFFE trust domain. */
  trustDomain: string;
  /** The Istio network of the control-plane cluster. */
  network: string;
  /** When true, report what would change without changing anything. */
  dryRun?: boolean;
}

/**
 * The outcome of an install or upgrade.
 *
 * @public
 */
export interface ControlPlaneInstallResult {
  /** The revision that now runs (or would run, on a dry run). */
  revision: string;
  /** Human-readable lines describing what was (or would be) done, free of secrets. */
  steps: string[];
}

/**
 * How Meshfleet installs, upgrades and removes istiod. The default strategy
 * installs Istio's Helm charts; an organisation can replace it (for example
 * with a GitOps strategy that commits the same values to a repository).
 *
 * Implementations must be idempotent: a retried call converges to the same state.
 *
 * @public
 */
export interface MeshInstallerStrategy {
  /** A short, stable name shown in logs and in the UI, e.g. `helm`. */
  readonly name: string;
  /** Installs (or converges) the requested istiod revision. */
  install(
    request: ControlPlaneInstallRequest,
  ): Promise<ControlPlaneInstallResult>;
  /** Installs the requested revision beside the running one, for a canary upgrade. */
  upgrade(
    request: ControlPlaneInstallRequest,
  ): Promise<ControlPlaneInstallResult>;
  /** Removes one revision from the control-plane cluster. */
  uninstall(
    request: Pick<
      ControlPlaneInstallRequest,
      'meshId' | 'cluster' | 'revision' | 'dryRun'
    >,
  ): Promise<ControlPlaneInstallResult>;
}

/**
 * Lets a backend module replace the strategy the mesh backend installs istiod with.
 *
 * @public
 */
export interface MeshInstallerExtensionPoint {
  /** Sets the installer strategy. Only one may be set; a second call throws. */
  setInstaller(installer: MeshInstallerStrategy): void;
}

/**
 * Extension point for {@link MeshInstallerExtensionPoint}.
 *
 * @public
 */
export const meshInstallerExtensionPoint =
  createExtensionPoint<MeshInstallerExtensionPoint>({
    id: 'mesh.installer',
  });
