import type { MeshRegistrationRequest } from './api';

/**
 * What a mesh operation does. The list grows with Meshfleet (upgrades,
 * gateways, policies); clients should show an unknown kind as it is rather
 * than fail on it.
 *
 * - `mesh.create`: register a mesh and, for hosted and dedicated meshes, create
 *   its trust and install istiod in its control-plane cluster.
 * - `cluster.join`: onboard a member cluster into a hosted mesh.
 * - `cluster.leave`: remove a member cluster, leaving no Istio object of the mesh in it.
 * - `mesh.delete`: uninstall a mesh without members and forget it.
 * - `gateway.create`, `gateway.delete`: an ingress or egress gateway instance (Istio's `gateway` chart) in a cluster of the mesh.
 * - `injection.set`: turn sidecar injection on or off for a namespace or a workload (Istio's labels).
 * - `workload.restart`: a rollout restart of Deployments in batches, so their pods get or lose their sidecar.
 * - `mesh.upgrade`, `mesh.rollback`: a canary upgrade of istiod by revision (tags and namespaces moved, workloads restarted), and its way back.
 *
 * @public
 */
export type MeshOperationKind = 'mesh.create' | 'cluster.join' | 'cluster.leave' | 'mesh.delete'
  | 'gateway.create' | 'gateway.delete'
  | 'injection.set' | 'workload.restart'
  | 'mesh.upgrade' | 'mesh.rollback';

/**
 * Every {@link MeshOperationKind} this version knows.
 *
 * @public
 */
export const MESH_OPERATION_KINDS: readonly MeshOperationKind[] = [
  'mesh.create',
  'cluster.join',
  'cluster.leave',
  'mesh.delete',
  'gateway.create',
  'gateway.delete',
  'injection.set',
  'workload.restart',
  'mesh.upgrade',
  'mesh.rollback',
];

/**
 * Where an operation is: `pending` (waiting for a backend replica to run it),
 * `running`, `succeeded` or `failed` (a failed operation can be retried; it
 * resumes at its failed step).
 *
 * @public
 */
export type MeshOperationStatus = 'pending' | 'running' | 'succeeded' | 'failed';

/**
 * Where one step of an operation is.
 *
 * @public
 */
export type MeshOperationStepStatus = 'pending' | 'running' | 'succeeded' | 'failed';

/**
 * Why an operation failed: the step, the cause (redacted), the steps that had
 * already succeeded (they are not run again on retry) and what to do.
 *
 * @public
 */
export interface MeshOperationError {
  /** Id of the step that failed. */
  step: string;
  message: string;
  /** Ids of the steps that succeeded before it, in order. */
  completedSteps: string[];
  hint?: string;
}

/**
 * One step of an operation.
 *
 * @public
 */
export interface MeshOperationStep {
  /** Stable within the operation's kind, e.g. `helm-istiod`. */
  id: string;
  title: string;
  status: MeshOperationStepStatus;
  /** ISO 8601 times of the last attempt. */
  startedAt?: string;
  finishedAt?: string;
  /** How often the step was started; more than 1 after a retry or a resume. */
  attempts: number;
  /** One line of what the step did, e.g. `created Secret istio-system/cacerts in east`. */
  detail?: string;
}

/**
 * A mesh operation: a durable job of idempotent steps that changes a mesh
 * and its clusters, run by exactly one backend replica and resumed after a
 * restart.
 *
 * @public
 */
export interface MeshOperation {
  /** A UUID. */
  id: string;
  meshId: string;
  kind: MeshOperationKind;
  status: MeshOperationStatus;
  /** The validated request (never secrets). */
  params: Record<string, unknown>;
  /** Who started it: a user entity ref, or a service's subject. */
  requestedBy: string;
  /** The `Idempotency-Key` it was started with, e.g. a scaffolder task's `<taskId>/<stepId>`. */
  idempotencyKey?: string;
  /** ISO 8601 timestamps. */
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  steps: MeshOperationStep[];
  /** Present when the operation failed. */
  error?: MeshOperationError;
  /** What it produced, e.g. `revision`, `controlPlaneAddress`. */
  outputs: Record<string, string | number | boolean>;
}

/**
 * One line of an operation's log, already redacted (no token, key or kubeconfig).
 *
 * @public
 */
export interface MeshOperationLogEntry {
  /** 1, 2, 3… within the operation. */
  seq: number;
  /** ISO 8601 time. */
  at: string;
  level: 'info' | 'warn' | 'error';
  /** Id of the step that wrote it; absent for the operation's own lines. */
  step?: string;
  message: string;
}

/**
 * A Kubernetes object an operation would create, change or delete.
 *
 * @public
 */
export interface PlannedChange {
  /** The Backstage cluster name. */
  cluster: string;
  action: 'create' | 'update' | 'delete' | 'unchanged';
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  reason?: string;
}

/**
 * A Helm release an operation would install, upgrade or uninstall.
 *
 * @public
 */
export interface PlannedHelmRelease {
  cluster: string;
  action: 'install' | 'upgrade' | 'uninstall' | 'unchanged';
  release: string;
  namespace: string;
  chart: string;
  version: string;
  /** The values it would be installed with (never secrets). */
  values: Record<string, unknown>;
}

/**
 * An operation's plan (the answer to a dry run): its steps, and per cluster
 * the objects and Helm releases it would change. Nothing is stored or changed
 * to make it.
 *
 * @public
 */
export interface MeshOperationPlan {
  kind: MeshOperationKind;
  meshId: string;
  steps: Array<{ id: string; title: string }>;
  changes: PlannedChange[];
  helmReleases: PlannedHelmRelease[];
  warnings: string[];
  /**
   * What steps would do beyond Kubernetes objects and Helm releases, one line
   * each prefixed with the step's id (an installer strategy's plan); absent
   * when there is none.
   */
  notes?: string[];
}

/**
 * Starts `mesh.create`: registers the mesh (the same body as `POST /meshes`)
 * and installs its control plane.
 *
 * @public
 */
export interface MeshCreateOperationRequest {
  kind: 'mesh.create';
  mesh: MeshRegistrationRequest;
  /**
   * Hosted meshes only: where member clusters reach istiod (IP or DNS name;
   * ports 15012 and 15017), when the control-plane cluster exposes istiod
   * itself. Without it Meshfleet creates a LoadBalancer Service
   * `istiod-meshfleet` and uses its address.
   */
  controlPlaneAddress?: string;
}

/**
 * Starts `cluster.join`: onboards `cluster` into mesh `meshId` on `network`.
 *
 * @public
 */
export interface ClusterJoinOperationRequest {
  kind: 'cluster.join';
  meshId: string;
  cluster: string;
  network: string;
}

/**
 * Starts `cluster.leave`: removes member `cluster` from mesh `meshId`.
 *
 * @public
 */
export interface ClusterLeaveOperationRequest {
  kind: 'cluster.leave';
  meshId: string;
  cluster: string;
}

/**
 * Starts `mesh.delete`: uninstalls mesh `meshId` (it must have no members) and forgets it.
 *
 * @public
 */
export interface MeshDeleteOperationRequest {
  kind: 'mesh.delete';
  meshId: string;
}

/**
 * The sidecar's resource requests and limits (Kubernetes quantities), set
 * through Istio's pod annotations `sidecar.istio.io/proxyCPU`,
 * `proxyMemory`, `proxyCPULimit` and `proxyMemoryLimit`.
 *
 * @public
 */
export interface SidecarResourcesRequest {
  cpuRequest?: string;
  memoryRequest?: string;
  cpuLimit?: string;
  memoryLimit?: string;
}

/**
 * Starts `injection.set`: sidecar injection on or off for `namespace` (or,
 * with `workload`, one Deployment's pod template) in `cluster` of mesh
 * `meshId`, by the default revision, a `revision` or a revision `tag`
 * (not both). Restarts nothing: see {@link WorkloadRestartOperationRequest}.
 *
 * @public
 */
export interface InjectionSetOperationRequest {
  kind: 'injection.set';
  meshId: string;
  /** The control-plane cluster or a member of the mesh. */
  cluster: string;
  namespace: string;
  /** A Deployment of the namespace; absent: the namespace. */
  workload?: string;
  enabled: boolean;
  revision?: string;
  tag?: string;
  /** A workload only. */
  resources?: SidecarResourcesRequest;
}

/**
 * Starts `workload.restart`: a rollout restart of `workloads` (default:
 * every Deployment of `namespace`), `batchSize` Deployments at a time
 * (default 1), each batch waited for up to `timeoutSeconds` (default 300).
 * Its outputs: `pods`, `podsWithSidecar`, and `workloads`, a JSON list of
 * `{workload, pods, podsWithSidecar, revisions}`.
 *
 * @public
 */
export interface WorkloadRestartOperationRequest {
  kind: 'workload.restart';
  meshId: string;
  cluster: string;
  namespace: string;
  workloads?: string[];
  batchSize?: number;
  timeoutSeconds?: number;
}

/**
 * A port of a gateway's Service.
 *
 * @public
 */
export interface GatewayPortRequest {
  /** An IANA service name, e.g. `http2`, `https`, `tcp-db`. */
  name: string;
  port: number;
  /** Defaults to `port`. */
  targetPort?: number;
  /** Defaults to `TCP`. */
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/**
 * Starts `gateway.create`: an ingress (LoadBalancer Service) or egress
 * (ClusterIP Service) gateway `name` with Istio's `gateway` chart in
 * `cluster` of mesh `meshId`, by an istiod revision of the mesh (default:
 * the mesh's), in `namespace` (default `istio-ingress` or `istio-egress`).
 *
 * @public
 */
export interface GatewayCreateOperationRequest {
  kind: 'gateway.create';
  meshId: string;
  cluster: string;
  namespace?: string;
  name: string;
  type: 'ingress' | 'egress';
  revision?: string;
  replicas?: number;
  /** The Service's ports; without them the chart's (status 15021, http2 80, https 443). */
  ports?: GatewayPortRequest[];
}

/**
 * Starts `gateway.delete`: uninstalls gateway `name` from `namespace` of
 * `cluster` and removes whatever of it is left.
 *
 * @public
 */
export interface GatewayDeleteOperationRequest {
  kind: 'gateway.delete';
  meshId: string;
  cluster: string;
  namespace: string;
  name: string;
}

/**
 * How `mesh.upgrade` and `mesh.rollback` restart workloads after the move:
 * `batchSize` Deployments at a time (default 1), each batch rolled out
 * before the next; `workloads` only these (default: every Deployment
 * injected through a moved tag or namespace whose sidecars are not on the
 * target revision).
 *
 * @public
 */
export interface RevisionRestartRequest {
  batchSize?: number;
  workloads?: Array<{ cluster: string; namespace: string; name: string }>;
}

/**
 * Starts `mesh.upgrade`: installs istiod `revision` (chart `version`) beside
 * the mesh's revision, moves `tags` (default: every tag pointing at the
 * mesh's revision) and `namespaces` (their `istio.io/rev`) to it, restarts
 * the workloads and checks that their sidecars report it. A `revision` that
 * exists is refused unless it is this mesh's canary of the same version. The
 * old revision stays until a run with `removeOld: true` (the same request
 * again, or at once) removes it, when nothing uses it any more, and records
 * the new revision and version as the mesh's. A tag move from an Istio version
 * affected by istio/istio#59959 is refused unless `acceptEmptyPushRisk`.
 *
 * @public
 */
export interface MeshUpgradeOperationRequest {
  kind: 'mesh.upgrade';
  meshId: string;
  version: string;
  revision: string;
  tags?: string[];
  namespaces?: Array<{ cluster: string; namespace: string }>;
  restart?: RevisionRestartRequest;
  removeOld?: boolean;
  acceptEmptyPushRisk?: boolean;
  /** Hosted meshes: where members reach the new revision's istiod (default: a LoadBalancer Service `istiod-meshfleet-<revision>`). */
  controlPlaneAddress?: string;
}

/**
 * Starts `mesh.rollback`: moves `tags` (default: every tag pointing at
 * `fromRevision`) and `namespaces` (default: every namespace labelled
 * `fromRevision`) back to the mesh's revision, restarts and checks the
 * workloads; with `removeNew`, uninstalls `fromRevision` once nothing uses it.
 *
 * @public
 */
export interface MeshRollbackOperationRequest {
  kind: 'mesh.rollback';
  meshId: string;
  fromRevision: string;
  tags?: string[];
  namespaces?: Array<{ cluster: string; namespace: string }>;
  restart?: RevisionRestartRequest;
  removeNew?: boolean;
  acceptEmptyPushRisk?: boolean;
}

/**
 * The body of `POST /api/mesh/operations`, told apart by `kind`.
 *
 * @public
 */
export type MeshOperationRequest =
  | MeshCreateOperationRequest
  | ClusterJoinOperationRequest
  | ClusterLeaveOperationRequest
  | MeshDeleteOperationRequest
  | GatewayCreateOperationRequest
  | GatewayDeleteOperationRequest
  | InjectionSetOperationRequest
  | WorkloadRestartOperationRequest
  | MeshUpgradeOperationRequest
  | MeshRollbackOperationRequest;

/**
 * The body of `GET /api/mesh/operations`: newest first.
 *
 * @public
 */
export type MeshOperationListResponse = MeshOperation[];

/**
 * The body of `GET /api/mesh/operations/{operationId}/log`.
 *
 * @public
 */
export interface MeshOperationLogResponse {
  /** The entries after the requested `after`, in order (possibly none). */
  entries: MeshOperationLogEntry[];
  /** Pass as `after` in the next call: the last entry's `seq`, or the `after` asked for when there were none. */
  nextSeq: number;
  /** True when the operation has ended (succeeded or failed) and every entry has been returned. */
  done: boolean;
}

/**
 * The events topic on which the mesh backend announces every status change of
 * an operation. The payload is {@link MeshOperationChangedEvent}.
 *
 * @public
 */
export const MESH_OPERATION_CHANGED_TOPIC = 'meshfleet.operation.changed';

/**
 * Payload of {@link MESH_OPERATION_CHANGED_TOPIC}.
 *
 * @public
 */
export interface MeshOperationChangedEvent {
  operationId: string;
  meshId: string;
  kind: MeshOperationKind;
  status: MeshOperationStatus;
}
