import { MeshOperationPlan } from '@meshfleet/plugin-mesh-common';
import { SecretRegistry } from './redaction';
import { AnyOperationKindDefinition, OperationLogger, StepContext } from './types';

/**
 * The dry run: every step's plan, in order, gathered into one. Steps read
 * the clusters and change nothing; nothing is stored. What a step logs as a
 * warning or an error while planning becomes a warning of the plan (redacted
 * like the log).
 */
export async function planOperation<S>(
  kind: AnyOperationKindDefinition<S>,
  params: unknown,
  meshId: string,
  services: S,
  signal: AbortSignal = new AbortController().signal,
): Promise<MeshOperationPlan> {
  const secrets = new SecretRegistry();
  const plan: MeshOperationPlan = { kind: kind.kind, meshId, steps: [], changes: [], helmReleases: [], warnings: [] };
  const steps = kind.steps(params);
  for (const step of steps) {
    const warn = (message: string) => plan.warnings.push(secrets.redact(`${step.id}: ${message}`));
    const log: OperationLogger = { info: () => undefined, warn, error: warn };
    const ctx: StepContext<unknown, S> = {
      operationId: 'dry-run',
      meshId,
      params,
      state: {},
      log,
      signal,
      services,
      registerSecret: value => secrets.register(value),
    };
    const stepPlan = await step.plan(ctx);
    plan.steps.push({ id: step.id, title: step.title });
    plan.changes.push(...stepPlan.changes);
    plan.helmReleases.push(...stepPlan.helmReleases);
    plan.warnings.push(...stepPlan.warnings.map(w => secrets.redact(w)));
    if (stepPlan.notes?.length) {
      plan.notes = [...(plan.notes ?? []), ...stepPlan.notes.map(n => secrets.redact(`${step.id}: ${n}`))];
    }
  }
  return plan;
}
