import type { BasicPermission, ResourcePermission } from '@backstage/plugin-permission-common';
import type {
  MESH_RESOURCE_TYPE,
  MeshOperationKind,
  PlannedChange,
  PlannedHelmRelease,
} from '@meshfleet/plugin-mesh-common';
import type { MeshPermissionResource } from '@meshfleet/plugin-mesh-node';

/*
 * The contract between the operations engine (src/operations: store, runner,
 * routes) and the kinds of operation (src/lifecycle: what each kind does to
 * the clusters). The engine knows nothing of clusters; a kind knows nothing
 * of leases, the database or HTTP. The services a kind's steps use are a type
 * parameter `S` here, so the engine does not depend on them; the plugin hands
 * the same services object to every step (see plugin.ts).
 */

/** A value that survives `JSON.stringify` and `JSON.parse` unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * An operation's log, as users read it (`GET /operations/{id}/log`, the
 * scaffolder task log). Every message is redacted before it is stored: PEM
 * blocks, bearer tokens, `token:`/`password:`-style values, kubeconfig
 * credentials, JWTs, long base64 blobs and every value registered with
 * {@link StepContext.registerSecret}. Still: log what was done, never a
 * credential, a Secret's data or a Helm command's raw output.
 */
export interface OperationLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What a step's `plan` and `run` get. */
export interface StepContext<P, S = unknown> {
  /** The operation's id (`dry-run` while planning). */
  operationId: string;
  meshId: string;
  /** The kind's parsed parameters (never secrets). */
  params: P;
  /**
   * Non-secret values that earlier steps returned as `state` (persisted in the
   * database, so a resumed operation has them too). Empty while planning.
   */
  state: Readonly<Record<string, JsonValue>>;
  /** Lines for this step in the operation's log (redacted). */
  log: OperationLogger;
  /** Aborted on shutdown or when this replica lost the operation's lease: stop at once. */
  signal: AbortSignal;
  /** What the kinds need to reach the clusters and the registry (the plugin provides them). */
  services: S;
  /**
   * Makes sure a value read at run time (a service account token, a key, a
   * kubeconfig) never reaches the log, a step's detail or a failure message:
   * it and its base64 form are replaced by `[redacted]` from now on in this
   * run. Values shorter than 8 characters are ignored (they would redact
   * ordinary words).
   */
  registerSecret(value: string): void;
}

/** What a step that succeeded returns. */
export interface StepResult {
  /** One line: what the step did, e.g. `created Secret istio-system/cacerts in east`. */
  detail: string;
  /** Merged into the operation's state for later steps (non-secret; stored in the database). */
  state?: Record<string, JsonValue>;
  /** Merged into the operation's outputs (served by the API and the scaffolder actions; non-secret). */
  outputs?: Record<string, string | number | boolean>;
}

/** What a step would do (the dry run). */
export interface StepPlan {
  changes: PlannedChange[];
  helmReleases: PlannedHelmRelease[];
  warnings: string[];
  /**
   * What the step would do beyond cluster objects and Helm releases, one line
   * each (a module's installer strategy reports its plan this way).
   */
  notes?: string[];
}

/** One step of a kind. */
export interface OperationStepDefinition<P, S = unknown> {
  /** Stable within the kind, e.g. `helm-istiod`: a resumed operation finds its place by it. */
  id: string;
  /** For people, e.g. `Install istiod revision 1-31-0 in mesh-cp`. */
  title: string;
  /** The dry run: reads the clusters, changes nothing. */
  plan(ctx: StepContext<P, S>): Promise<StepPlan>;
  /**
   * Does the step. Idempotent: it may run again after a crash mid-step or a
   * retry, and must then converge (server-side apply, `helm upgrade
   * --install`, delete-if-present, waits with timeouts). Throw to fail the
   * operation; a `hint` on the error (see `StepError`) tells the user what to
   * do. When `ctx.signal` is aborted, stop and throw: the step is not
   * recorded as failed, it runs again wherever the operation resumes.
   */
  run(ctx: StepContext<P, S>): Promise<StepResult>;
}

/** A kind of operation: how to read its request, who may start it, and its steps. */
export interface OperationKindDefinition<P, S = unknown> {
  kind: MeshOperationKind;
  /**
   * Parses and checks the request body (`POST /operations`, `kind`
   * included); throws InputError naming the field path. Pure. The result is
   * stored as the operation's `params` and parsed again when the operation
   * runs, so it must be JSON and `parseParams(parseParams(body))` must equal
   * `parseParams(body)`. Never secrets.
   */
  parseParams(body: unknown): P;
  /** The mesh the operation changes: one operation per mesh runs at a time. */
  meshIdOf(params: P): string;
  /**
   * Checked when the operation is started, planned or retried. A resource
   * permission is decided for the mesh `meshIdOf(params)`.
   */
  permission: BasicPermission | ResourcePermission<typeof MESH_RESOURCE_TYPE>;
  /**
   * Refusals before anything changes (unknown or taken cluster, chart version
   * missing, control plane unreachable…). Throw InputError (400),
   * NotFoundError (404) or ConflictError (409) naming what is wrong.
   */
  validate(params: P, services: S): Promise<void>;
  /** The steps, in order. */
  steps(params: P): OperationStepDefinition<P, S>[];
  /**
   * The mesh as permission conditions (`IS_OWNER`, `HAS_TYPE`) see it while it
   * is not registered, e.g. the mesh a `mesh.create` asks for, so that its
   * operations are readable by the owning team before (and if) it exists.
   * Optional: without it such an operation is readable by its requester and
   * by whoever may read every mesh.
   */
  describeMesh?(params: P): MeshPermissionResource | undefined;
}

/**
 * A kind of any parameters, as the engine holds them.
 * (`any` because a kind's parameter type is its own business.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperationKindDefinition<S = unknown> = OperationKindDefinition<any, S>;
