/** One cluster of the local fleet, as `fleet env --format json` prints it. */
export interface FleetCluster {
  /** mesh-cp, east, west, member-04, ... */
  name: string;
  /** https://127.0.0.1:<port> */
  url: string;
  /** Base64 of the cluster CA's PEM, as Backstage's kubernetes config expects. */
  caData: string;
  /** Long-lived token of the meshfleet ServiceAccount (effectively cluster-admin). */
  serviceAccountToken: string;
  /** Absolute path of a kubeconfig with the admin client certificate (system:masters). */
  adminKubeconfig: string;
  /** Whether the API server answered /readyz when the env was read. */
  up: boolean;
}

export interface FleetEnv {
  clusters: FleetCluster[];
}

export interface EnsureFleetOptions {
  /** How many clusters must run (default 3: mesh-cp, east, west). */
  clusters?: number;
  /**
   * Only these clusters must run (`fleet up --cluster NAME`...), created if new;
   * the others are left as they are. Takes precedence over `clusters`.
   */
  names?: string[];
}

/** Starts the fleet if needed (idempotent) and returns its env; rejects if it cannot start. */
export function ensureFleet(options?: EnsureFleetOptions): Promise<FleetEnv>;
/** Reads the env of the fleet as it is now (no start). */
export function readFleetEnv(): Promise<FleetEnv>;
/** Stops one cluster's API server so that it is unreachable. */
export function stopCluster(name: string): Promise<void>;
/** Starts a stopped cluster's API server and waits until it is ready. */
export function startCluster(name: string): Promise<void>;
