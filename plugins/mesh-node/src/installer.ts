import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * What to install: one istiod revision for one mesh in its control-plane
 * cluster. The mesh backend has already created the mesh's trust (the
 * `cacerts` Secret in `istio-system`) when it asks, and waits until istiod of
 * the revision is Ready after the strategy returns.
 *
 * @public
 */
export interface ControlPlaneInstallRequest {
  /** The mesh's identifier (Istio `meshID`). */
  meshId: string;
  /** The Backstage cluster name of the mesh's control-plane cluster. */
  cluster: string;
  /** The Istio version to install, e.g. `1.31.0`. */
  istioVersion: string;
  /** The istiod revision, e.g. `1-31-0`; `default` for an unrevisioned install. */
  revision: string;
  /** The mesh's SPIFFE trust domain. */
  trustDomain: string;
  /** The Istio network of the control-plane cluster. */
  network: string;
  /**
   * Whether members use this istiod (a hosted mesh: Istio's
   * `global.externalIstiod`), so it must serve remote clusters.
   */
  externalIstiod: boolean;
  /**
   * The Helm values the mesh backend's own installer would use for Istio's
   * `base` and `istiod` charts (never secret). A strategy that applies the
   * same charts another way, for example by committing them to a GitOps
   * repository, can use them as they are.
   */
  helmValues: {
    base: Record<string, unknown>;
    istiod: Record<string, unknown>;
  };
  /** When true, report what would change without changing anything. */
  dryRun?: boolean;
}

/**
 * What to remove: one istiod revision of a mesh (and what the strategy
 * installed with it) from its control-plane cluster.
 *
 * @public
 */
export type ControlPlaneUninstallRequest = Pick<
  ControlPlaneInstallRequest,
  'meshId' | 'cluster' | 'revision' | 'dryRun'
>;

/**
 * The outcome of an install or uninstall.
 *
 * @public
 */
export interface ControlPlaneInstallResult {
  /** The revision that now runs (or would run, on a dry run). */
  revision: string;
  /**
   * What was (or would be) done, one line each, free of secrets: shown in the
   * operation's plan (dry run) and log.
   */
  steps: string[];
}

/**
 * How Meshfleet installs and removes istiod. The mesh backend's default
 * installs Istio's Helm charts itself; a module can replace it (for example
 * with a GitOps strategy that commits the same values to a repository). With
 * a strategy set, `mesh.create` and `mesh.delete` operations call it in place
 * of their Helm steps; trust, the Service that exposes istiod to members, and
 * the wait for istiod stay the mesh backend's.
 *
 * Implementations must be idempotent: an operation that resumes after a crash
 * calls them again, and a retried call converges to the same state. Errors
 * should say what failed and what to do; their message is shown to the user.
 *
 * @public
 */
export interface MeshInstallerStrategy {
  /** A short, stable name shown in plans, logs and the UI, e.g. `gitops`. */
  readonly name: string;
  /** Installs (or converges) the requested istiod revision; with `dryRun`, changes nothing. */
  install(
    request: ControlPlaneInstallRequest,
  ): Promise<ControlPlaneInstallResult>;
  /** Removes one revision from the control-plane cluster; removing what is absent succeeds. */
  uninstall(
    request: ControlPlaneUninstallRequest,
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
