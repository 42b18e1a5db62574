import type { AuthService, BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { MeshApi, MeshOperation, MeshOperationPlan, MeshOperationRequest } from '@meshfleet/plugin-mesh-common';
import { createHash } from 'node:crypto';
import { followOperation } from './followOperation';
import { planLines } from './planLines';
import { catalogEntityReader, EntityReader } from './references';

/** What the mesh actions need: the mesh backend's client, Backstage's auth and the catalog. */
export interface MeshActionsOptions {
  client: MeshApi;
  auth: AuthService;
  catalog: CatalogService;
}

/**
 * The checkpoint around starting the operation. Its value is the operation's
 * id; change the key if that ever changes shape, so an old task's value is
 * not read as the new shape.
 */
export const START_CHECKPOINT = 'start-operation-v1';

/**
 * The part of a mesh action's context that starting and following an
 * operation uses (each action's context, whatever its own inputs and outputs).
 */
export interface OperationActionContext {
  logger: LoggerService;
  checkpoint: ActionContext<JsonObject>['checkpoint'];
  getInitiatorCredentials(): Promise<BackstageCredentials>;
  task: { id: string };
  step?: { id?: string; name?: string };
  each?: JsonObject;
  isDryRun?: boolean;
  signal?: AbortSignal;
  output(name: 'operationId' | 'meshId' | 'status' | 'plan', value: string | Record<string, unknown>): void;
}

type AnyContext = OperationActionContext;

/** A token for the mesh backend on behalf of the user who runs the task, fresh per request. */
export function tokenFor(ctx: Pick<AnyContext, 'getInitiatorCredentials'>, auth: AuthService): () => Promise<string> {
  return async () => {
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await ctx.getInitiatorCredentials(),
      targetPluginId: 'mesh',
    });
    return token;
  };
}

/** The catalog as the user who runs the task sees it. */
export function entityReaderFor(ctx: Pick<AnyContext, 'getInitiatorCredentials'>, catalog: CatalogService): EntityReader {
  return catalogEntityReader(catalog, () => ctx.getInitiatorCredentials());
}

/**
 * Tells the iterations of an `each:` loop apart: the scaffolder runs them
 * under one step id and does not pass the item to the action, so without it
 * the second cluster's operation reused the first one's idempotency key (a
 * 409) and checkpoint. A digest of the request is the same on every run of
 * one iteration, so retries still find their operation.
 */
function itemKeyOf(ctx: AnyContext, request: MeshOperationRequest): string {
  if (ctx.each) return String(ctx.each.key);
  return createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 16);
}

/**
 * `<task id>/<step id>/<item>`: the same for every run of this step (and
 * `each:` item) of this task, so a retried or recovered task that lost its
 * checkpoint still gets the operation it started.
 */
export function idempotencyKeyOf(ctx: AnyContext, request: MeshOperationRequest): string {
  return `${ctx.task.id}/${ctx.step?.id ?? 'step'}/${itemKeyOf(ctx, request)}`;
}

/** The checkpoint key, per request (one operation per `each:` item inside a loop). */
function checkpointKeyOf(ctx: AnyContext, request: MeshOperationRequest): string {
  return `${START_CHECKPOINT}.${itemKeyOf(ctx, request)}`;
}

/** The text ending in a full stop (unless it ends in punctuation already). */
function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

/** Why the operation failed, in one message: the step, the cause, what was already done, what to do. */
export function failureMessage(operation: MeshOperation): string {
  const error = operation.error;
  if (!error) {
    return `Operation ${operation.id} (${operation.kind}) ended ${operation.status}`;
  }
  const step = operation.steps.find(s => s.id === error.step);
  const parts = [
    sentence(`Operation ${operation.id} (${operation.kind} of mesh ${operation.meshId}) failed at step '${error.step}'${step ? ` (${step.title})` : ''}: ${error.message}`),
    `Already done: ${error.completedSteps.length ? error.completedSteps.join(', ') : 'nothing'}.`,
  ];
  if (error.hint) {
    parts.push(sentence(`Hint: ${error.hint}`));
  }
  parts.push('Retrying the task resumes the operation at the failed step.');
  return parts.join(' ');
}

/** Logs the plan and outputs it; changes nothing. */
async function planOnly(ctx: AnyContext, options: MeshActionsOptions, request: MeshOperationRequest): Promise<MeshOperationPlan> {
  const token = tokenFor(ctx, options.auth);
  const plan = await options.client.startOperation(request, { dryRun: true, token: await token(), signal: ctx.signal });
  planLines(plan).forEach(line => ctx.logger.info(line));
  ctx.output('meshId', plan.meshId);
  ctx.output('status', 'planned');
  // A plain record of this module's realm, as the templating of later steps requires.
  ctx.output('plan', JSON.parse(JSON.stringify(plan)));
  return plan;
}

/** What starting gave: the operation's id, and whether a failed operation this step started earlier is to be resumed. */
interface Started {
  operationId: string;
  resume: boolean;
}

/**
 * Starts the operation once per task step (checkpoint + idempotency key). An
 * operation an earlier run of the step started (the checkpoint's value, or
 * the one the idempotency key finds) is followed instead; if it failed, the
 * task is being retried and the operation resumes at its failed step.
 */
async function startOnce(ctx: AnyContext, options: MeshActionsOptions, request: MeshOperationRequest): Promise<Started> {
  const token = tokenFor(ctx, options.auth);
  let startedNow = false;
  const operationId = await ctx.checkpoint({
    key: checkpointKeyOf(ctx, request),
    fn: async () => {
      const operation = await options.client.startOperation(request, {
        idempotencyKey: idempotencyKeyOf(ctx, request),
        token: await token(),
        signal: ctx.signal,
      });
      // A new operation is pending; one the key found may be further on.
      startedNow = operation.status === 'pending' && operation.steps.every(s => s.attempts === 0);
      return operation.id;
    },
  });
  ctx.logger.info(
    startedNow
      ? `Started operation ${operationId} (${request.kind} of mesh ${meshIdOfRequest(request)})`
      : `Following operation ${operationId} (${request.kind}), which an earlier run of this step started`,
  );
  return { operationId, resume: !startedNow };
}

function meshIdOfRequest(request: MeshOperationRequest): string {
  return request.kind === 'mesh.create' ? request.mesh.id : request.meshId;
}

/** A failed operation this step started earlier resumes at its failed step (the task is being retried). */
async function resumeIfFailed(ctx: AnyContext, options: MeshActionsOptions, operationId: string, logger: LoggerService) {
  const token = tokenFor(ctx, options.auth);
  const operation = await options.client.getOperation(operationId, { token: await token(), signal: ctx.signal });
  if (operation.status === 'failed') {
    logger.info(`Operation ${operationId} had failed at step '${operation.error?.step}'; retrying it from that step`);
    await options.client.retryOperation(operationId, { token: await token(), signal: ctx.signal });
  }
}

/**
 * What every mesh action does: in a dry run, log and output the operation's
 * plan; otherwise start the operation on behalf of the task's user (once:
 * checkpoint and idempotency key), follow its log into the task log until it
 * ends, fail the step with the operation's error, or output what it produced.
 * Answers the operation as it ended (undefined in a dry run).
 */
export async function runMeshOperation(
  ctx: AnyContext,
  options: MeshActionsOptions,
  request: MeshOperationRequest,
): Promise<MeshOperation | undefined> {
  if (ctx.isDryRun) {
    await planOnly(ctx, options, request);
    return undefined;
  }
  const { operationId, resume } = await startOnce(ctx, options, request);
  if (resume) {
    await resumeIfFailed(ctx, options, operationId, ctx.logger);
  }
  let operation: MeshOperation;
  try {
    operation = await followOperation(operationId, {
      client: options.client,
      token: tokenFor(ctx, options.auth),
      logger: ctx.logger,
      signal: ctx.signal,
    });
  } catch (error) {
    if (ctx.signal?.aborted) {
      // Operations cannot be cancelled: the mesh backend finishes what it started.
      ctx.logger.warn(`The task was cancelled; operation ${operationId} goes on in the mesh backend (see the mesh's page)`);
    }
    throw error;
  }
  ctx.output('operationId', operation.id);
  ctx.output('meshId', operation.meshId);
  ctx.output('status', operation.status);
  if (operation.status !== 'succeeded') {
    throw new Error(failureMessage(operation));
  }
  ctx.logger.info(`Operation ${operation.id} succeeded`);
  return operation;
}
