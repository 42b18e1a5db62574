import type { MeshWriteConflictResponse } from './api';

/*
 * The policies API: Istio configuration of a mesh, stored only in its config
 * cluster (the cluster istiod reads it from).
 */

/**
 * The Istio kinds the policies API manages (all namespaced).
 *
 * @public
 */
export type MeshPolicyKind =
  | 'VirtualService'
  | 'DestinationRule'
  | 'Gateway'
  | 'ServiceEntry'
  | 'Sidecar'
  | 'WorkloadEntry'
  | 'PeerAuthentication'
  | 'RequestAuthentication'
  | 'AuthorizationPolicy'
  | 'Telemetry';

/**
 * One Istio policy as the mesh backend answers it: the object without
 * `managedFields` or kubectl's last-applied copy, where it is stored, and who
 * wrote it (field managers; Meshfleet writes as `meshfleet`).
 *
 * @public
 */
export interface MeshPolicy {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    /**
     * Send it back with a change: a change of an object changed since is
     * refused with 409. Absent in a dry run's result for an object not created yet.
     */
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown>;
  /** The cluster the object is stored in. */
  cluster: string;
  /** The field managers that wrote it, e.g. `meshfleet`, `kubectl-client-side-apply`. */
  managedBy: string[];
}

/**
 * The body of `GET /api/mesh/meshes/{meshId}/policies`.
 *
 * @public
 */
export interface MeshPolicyListResponse {
  meshId: string;
  /** Where the mesh's policies live and take effect: the cluster istiod reads its configuration from. */
  configCluster: string;
  policies: MeshPolicy[];
  /**
   * Policies found in other clusters of the mesh. istiod does not read them
   * (it reads configuration from the config cluster only), so they have no effect.
   */
  ignored: MeshPolicy[];
  /** Clusters that could not be read, with the reason; the rest of the answer stands. */
  unreadable: Array<{ cluster: string; error: string }>;
}

/**
 * The body of `POST /api/mesh/meshes/{meshId}/policies/apply`: Istio objects
 * (apiVersion, kind, metadata.name and namespace, spec; `resourceVersion` to
 * refuse the change when the object changed since it was read).
 *
 * @public
 */
export interface MeshPolicyApplyRequest {
  objects: Array<{
    apiVersion: string;
    kind: string;
    metadata: {
      name: string;
      namespace: string;
      resourceVersion?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    spec: Record<string, unknown>;
  }>;
  /** Validate everything (the config cluster's schema and istiod's webhook) and change nothing. */
  dryRun?: boolean;
}

/**
 * What an apply did (or would do, on a dry run) to each object.
 *
 * @public
 */
export interface MeshPolicyApplyResponse {
  dryRun: boolean;
  configCluster: string;
  results: Array<{ action: 'created' | 'updated' | 'unchanged'; policy: MeshPolicy }>;
  /** What the user should know, e.g. a namespace the config cluster lacked (created by the apply). */
  warnings: string[];
}

/**
 * The 409 answer to a policy write against a `resourceVersion` that is no
 * longer current: the same body as a stale mesh write, with the object as it
 * is now (absent when it was deleted).
 *
 * @public
 */
export type MeshPolicyConflictResponse = Omit<MeshWriteConflictResponse, 'current'> & { current?: MeshPolicy };
