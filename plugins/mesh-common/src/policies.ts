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
  results: Array<{
    action: 'created' | 'updated' | 'unchanged';
    policy: MeshPolicy;
    /** Unified diff of the object's YAML (spec, labels, annotations), before → after; empty when unchanged. */
    diff: string;
  }>;
  /** What the user should know, e.g. a namespace the config cluster lacked (created by the apply). */
  warnings: string[];
  /** Validation's warnings and infos: they did not block the write. */
  messages: MeshPolicyMessage[];
  /** What the change touches. */
  impact: MeshPolicyImpact;
}

/**
 * The 409 answer to a policy write against a `resourceVersion` that is no
 * longer current: the same body as a stale mesh write, with the object as it
 * is now (absent when it was deleted).
 *
 * @public
 */
export type MeshPolicyConflictResponse = Omit<MeshWriteConflictResponse, 'current'> & { current?: MeshPolicy };

/**
 * Which check produced a message: the CRD's OpenAPI schema, Meshfleet's
 * analysis (Istio's analyzer codes, and Meshfleet's own checks), or the
 * config cluster's server-side dry run (which runs istiod's validating webhook).
 *
 * @public
 */
export type MeshPolicyCheckLayer = 'schema' | 'analysis' | 'dry-run';

/**
 * One finding about a policy. Errors stop a write; warnings and infos do not.
 *
 * @public
 */
export interface MeshPolicyMessage {
  /**
   * Istio's analyzer code when one exists for the case (`IST0101`), else
   * Meshfleet's own (`MSH` and four digits, e.g. `MSH0001`); absent for a
   * dry-run refusal, which carries the API server's or istiod's words.
   */
  code?: string;
  level: 'error' | 'warning' | 'info';
  layer: MeshPolicyCheckLayer;
  /** The object the message is about (for a cross-object finding, the one sent). */
  kind: string;
  namespace: string;
  name: string;
  /** Index of the object in the request's `objects`, when the message is about one of them. */
  objectIndex?: number;
  /** Field path in the object, e.g. `spec.http[0].route[1].destination.subset`. */
  field?: string;
  /** What is wrong. */
  message: string;
  /** What to do about it. */
  fix?: string;
}

/**
 * The body of `POST /api/mesh/meshes/{meshId}/policies/validate`: the same
 * checks an apply runs (schema, analysis against the mesh's clusters, the
 * config cluster's dry run), and nothing changed.
 *
 * @public
 */
export interface MeshPolicyValidateResponse {
  /** False when any message is an error: an apply of these objects would be refused. */
  valid: boolean;
  messages: MeshPolicyMessage[];
}

/**
 * The body of `POST /api/mesh/meshes/{meshId}/policies/validate`: objects as
 * in an apply, possibly incomplete (as while a user types); what is missing
 * is a message in the answer, not a refusal of the request.
 *
 * @public
 */
export interface MeshPolicyValidateRequest {
  objects: Array<Record<string, unknown>>;
}

/**
 * The 400 answer to a policy write refused by validation: Backstage's error
 * body plus every finding (nothing was applied).
 *
 * @public
 */
export type MeshPolicyValidationErrorResponse = Omit<MeshWriteConflictResponse, 'current'> & {
  messages?: MeshPolicyMessage[];
};

/**
 * A Kubernetes object in one cluster of the mesh (a service or a workload).
 *
 * @public
 */
export interface MeshPolicyObjectRef {
  cluster: string;
  namespace: string;
  name: string;
}

/**
 * What a policy change touches: the services its hosts name (in every cluster
 * of the mesh), the workloads its selector picks (every one in scope for a
 * namespace-wide or mesh-wide policy), their clusters, and the traffic edges
 * into and out of those services in the topology's last window.
 *
 * @public
 */
export interface MeshPolicyImpact {
  clusters: string[];
  services: MeshPolicyObjectRef[];
  workloads: MeshPolicyObjectRef[];
  /** Observed traffic into or out of a touched service (topology node ids). */
  edges: Array<{ source: string; target: string; requestsPerSecond: number; crossCluster: boolean }>;
  /** The metrics window the edges are from, e.g. `5m`; absent when no edges could be read. */
  window?: string;
  /** What the preview could not show and why, e.g. `no Prometheus configured for this mesh: edges not shown`. */
  notes: string[];
}

/**
 * One policy write Meshfleet made, as the mesh's policy history lists it.
 *
 * @public
 */
export interface MeshPolicyChange {
  id: string;
  /** When (ISO 8601). */
  at: string;
  /** Entity ref of who made it, e.g. `user:default/jane`. */
  actor: string;
  action: 'created' | 'updated' | 'deleted' | 'adopted' | 'reverted';
  kind: MeshPolicyKind;
  namespace: string;
  name: string;
  /** Unified diff of the object's YAML (spec, labels, annotations), before → after. */
  diff: string;
}

/**
 * The body of `GET /api/mesh/meshes/{meshId}/policies/changes` (newest first).
 *
 * @public
 */
export interface MeshPolicyChangeListResponse {
  changes: MeshPolicyChange[];
}

/**
 * Narrows the policy history (`GET .../policies/changes`).
 *
 * @public
 */
export interface MeshPolicyChangesQuery {
  kind?: MeshPolicyKind;
  namespace?: string;
  name?: string;
  /** At most this many (default 100, at most 1000). */
  limit?: number;
}

/**
 * Names one policy of a mesh (the body of the drift adopt and revert routes).
 *
 * @public
 */
export interface MeshPolicyRef {
  kind: MeshPolicyKind;
  namespace: string;
  name: string;
}

/**
 * A policy in the config cluster that differs from what Meshfleet last wrote.
 *
 * @public
 */
export interface MeshPolicyDriftItem {
  kind: MeshPolicyKind;
  namespace: string;
  name: string;
  reason: 'changed-outside' | 'added-outside' | 'deleted-outside';
  /** Unified diff: what Meshfleet last wrote → what the config cluster has. */
  diff: string;
  /** The object as it is now (absent when it was deleted outside). */
  current?: MeshPolicy;
}

/**
 * The body of `GET /api/mesh/meshes/{meshId}/policies/drift`.
 *
 * @public
 */
export interface MeshPolicyDriftListResponse {
  items: MeshPolicyDriftItem[];
}
