import { LoggerService } from '@backstage/backend-plugin-api';
import { MeshOperation, MeshOperationError } from '@meshfleet/plugin-mesh-common';
import { LeaseLostError } from '../errors';
import { KindRegistry } from '../KindRegistry';
import { OperationLog } from '../OperationLog';
import { OperationNotifier } from '../OperationNotifier';
import { SecretRegistry } from '../redaction';
import { OperationStore } from '../store/OperationStore';
import { OperationStepDefinition, StepContext, StepResult } from '../types';

/** What running one claimed operation needs. */
export interface RunContext<S> {
  store: OperationStore;
  kinds: KindRegistry<S>;
  services: S;
  notifier: OperationNotifier;
  logger: LoggerService;
  replicaId: string;
  now: () => Date;
}

/** Why a step stopped without a result of its own: the run was aborted (shutdown, lost lease). */
class Interrupted extends Error {}

/**
 * Runs a claimed operation from its first step that has not succeeded, in
 * order, and records each step; the end (succeeded, or failed with the step,
 * the cause, the steps done and a hint) is recorded once its log is stored
 * in full. An abort (shutdown, lost lease) stops it without recording
 * anything: the step runs again wherever the operation resumes.
 */
export async function runClaimedOperation<S>(context: RunContext<S>, id: string, signal: AbortSignal): Promise<void> {
  const { store, kinds, logger, replicaId, now } = context;
  const operation = await store.get(id);
  const kind = operation && kinds.find(operation.kind);
  if (!operation || !kind) {
    // Claimed moments ago, so this is a bug rather than a race; leave it for another replica.
    logger.error(`Operation '${id}' was claimed but cannot be run here (${operation ? `kind '${operation.kind}'` : 'gone'})`);
    await store.release(id, replicaId);
    return;
  }
  const secrets = new SecretRegistry();
  const log = new OperationLog({ operationId: id, store, secrets, now, logger });
  const completedSteps = operation.steps.filter(s => s.status === 'succeeded').map(s => s.id);
  let index = operation.steps.findIndex(s => s.status !== 'succeeded');
  if (index < 0) {
    // Every step succeeded before a crash kept the end from being recorded.
    await finish(context, log, operation, undefined);
    return;
  }
  try {
    const params = kind.parseParams(operation.params);
    const definitions = kind.steps(params) as OperationStepDefinition<unknown, S>[];
    log.forStep().info(
      completedSteps.length === 0
        ? `Running ${operation.kind} of mesh '${operation.meshId}' on replica ${replicaId}`
        : `Resuming ${operation.kind} of mesh '${operation.meshId}' at step '${operation.steps[index].id}' on replica ${replicaId}`,
    );
    for (; index < operation.steps.length; index++) {
      const step = operation.steps[index];
      const definition = definitions.find(d => d.id === step.id);
      if (!definition) {
        throw new Error(
          `This backend's '${operation.kind}' has no step '${step.id}' (it has ${definitions.map(d => d.id).join(', ')})`,
        );
      }
      const detail = await runStep(context, { operation, index, definition, params, secrets, log, signal });
      log.forStep(step.id).info(`Done: ${detail}`);
      completedSteps.push(step.id);
    }
  } catch (error) {
    if (error instanceof Interrupted || error instanceof LeaseLostError || signal.aborted) {
      const reason = signal.reason instanceof Error ? signal.reason.message : 'the run was stopped';
      log.forStep(operation.steps[index]?.id).warn(`Interrupted (${reason}); the operation resumes at this step`);
      await log.flush();
      return;
    }
    const step = operation.steps[index];
    const message = log.redact(error instanceof Error ? error.message : String(error));
    const hint = log.redact(hintOf(error) ?? defaultHint(operation, step.id, completedSteps.length));
    log.forStep(step.id).error(`Failed: ${message}`);
    await finish(context, log, operation, { step: step.id, message, completedSteps, hint, index });
    return;
  }
  await finish(context, log, operation, undefined);
}

async function runStep<S>(
  context: RunContext<S>,
  run: {
    operation: MeshOperation;
    index: number;
    definition: OperationStepDefinition<unknown, S>;
    params: unknown;
    secrets: SecretRegistry;
    log: OperationLog;
    signal: AbortSignal;
  },
): Promise<string> {
  const { store, replicaId, now, services } = context;
  const { operation, index, definition, params, secrets, log, signal } = run;
  const step = operation.steps[index];
  if (signal.aborted) {
    throw new Interrupted();
  }
  const attempt = await store.startStep(operation.id, replicaId, index, now());
  const stepLog = log.forStep(step.id);
  stepLog.info(`Started${attempt > 1 ? ` (attempt ${attempt})` : ''}: ${step.title}`);
  const ctx: StepContext<unknown, S> = {
    operationId: operation.id,
    meshId: operation.meshId,
    params,
    state: Object.freeze(await store.getState(operation.id)),
    log: stepLog,
    signal,
    services,
    registerSecret: value => secrets.register(value),
  };
  const result = await untilAborted(definition.run(ctx), signal);
  const detail = log.redact(result.detail);
  await store.completeStep(operation.id, replicaId, index, now(), {
    detail,
    state: result.state,
    outputs: redactOutputs(result.outputs, log),
  });
  return detail;
}

/** Records the end once every log line is stored, so a reader that sees the end has the whole log. */
async function finish<S>(
  context: RunContext<S>,
  log: OperationLog,
  operation: MeshOperation,
  failure: (MeshOperationError & { index: number }) | undefined,
): Promise<void> {
  const { store, replicaId, now, notifier } = context;
  if (!failure) {
    log.forStep().info(`Succeeded`);
  }
  await log.flush();
  if (failure) {
    const { index, ...error } = failure;
    await store.fail(operation.id, replicaId, index, now(), error);
  } else {
    await store.succeed(operation.id, replicaId, now());
  }
  const ended = await store.get(operation.id);
  if (ended) {
    await notifier.ended(ended);
  }
}

/**
 * The step's result, or an Interrupted as soon as the signal is aborted: a
 * step that does not honour its signal must not hold the run (its later
 * writes are refused by the lease anyway).
 */
function untilAborted(promise: Promise<StepResult>, signal: AbortSignal): Promise<StepResult> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new Interrupted());
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function redactOutputs(
  outputs: StepResult['outputs'],
  log: OperationLog,
): Record<string, string | number | boolean> | undefined {
  if (!outputs) {
    return undefined;
  }
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, typeof v === 'string' ? log.redact(v) : v]));
}

function hintOf(error: unknown): string | undefined {
  const hint = (error as { hint?: unknown } | undefined)?.hint;
  return typeof hint === 'string' && hint ? hint : undefined;
}

function defaultHint(operation: MeshOperation, step: string, done: number): string {
  const kept = done === 0 ? '' : ` (the ${done} step${done === 1 ? '' : 's'} before it are not run again)`;
  return `Fix the cause, then retry the operation (POST /operations/${operation.id}/retry): it resumes at step '${step}'${kept}`;
}
