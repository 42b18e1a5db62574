import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import { MeshPolicyMessage, MeshPolicyValidationError } from '@meshfleet/plugin-mesh-common';
import { examples } from './policyApply.examples';
import {
  PolicyApplySummary,
  PolicyLogLine,
  refusalMessage,
  summaryLines,
  summaryOf,
  validationLines,
  warningsOf,
} from './policyApplyLines';
import { PolicyApplyObject, policyObjectsOfInput } from './policyApplyObjects';
import { resolveMeshId } from './references';
import { entityReaderFor, MeshActionsOptions, OperationActionContext, tokenFor } from './runOperation';

/**
 * The checkpoint around the apply. Its value is the apply's summary
 * ({@link PolicyApplySummary}); change the key if that changes shape, so an
 * old task's value is not read as the new shape.
 */
export const POLICY_APPLY_CHECKPOINT = 'apply-policies-v1';

/** The part of the action's context that applying uses. */
type ApplyContext = Pick<OperationActionContext, 'logger' | 'getInitiatorCredentials' | 'signal'>;

function write(ctx: Pick<ApplyContext, 'logger'>, lines: PolicyLogLine[]): void {
  lines.forEach(line => ctx.logger[line.level](line.text));
}

/**
 * The findings of a validation refusal (the mesh backend's 400 with
 * `messages`, thrown by the client as MeshPolicyValidationError); undefined
 * for any other error.
 */
function validationMessagesOf(error: unknown): MeshPolicyMessage[] | undefined {
  return error instanceof MeshPolicyValidationError && error.messages.length > 0 ? error.messages : undefined;
}

/**
 * The value as plain JSON of this module's realm: the templating of later
 * steps and of the template's output refuses arrays of another realm (a test
 * runner's), as runOperation's `plan` output does.
 */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** The checkpoint key, per `each:` item inside a loop (one apply per item). */
function checkpointKeyOf(ctx: Pick<OperationActionContext, 'each'>): string {
  return ctx.each ? `${POLICY_APPLY_CHECKPOINT}.${String(ctx.each.key)}` : POLICY_APPLY_CHECKPOINT;
}

/**
 * One apply request on behalf of the task's user. A validation refusal is
 * logged finding by finding and fails the step with all of them listed.
 */
async function applyPolicies(
  ctx: ApplyContext,
  options: MeshActionsOptions,
  request: { meshId: string; objects: PolicyApplyObject[]; dryRun: boolean },
): Promise<PolicyApplySummary> {
  const token = await tokenFor(ctx, options.auth)();
  try {
    const response = await options.client.applyMeshPolicies(
      request.meshId,
      { objects: request.objects, dryRun: request.dryRun },
      { token, signal: ctx.signal },
    );
    return summaryOf(response);
  } catch (error) {
    const messages = validationMessagesOf(error);
    if (!messages) throw error;
    write(ctx, validationLines(messages));
    throw new InputError(refusalMessage(messages));
  }
}

/**
 * `mesh:policy:apply`: validates Istio policies and applies them to the
 * mesh's config cluster through the mesh backend's policies API.
 */
export function createPolicyApplyAction(options: MeshActionsOptions) {
  return createTemplateAction({
    id: 'mesh:policy:apply',
    description:
      "Applies Istio policies (VirtualService, DestinationRule, Gateway, ServiceEntry, Sidecar, WorkloadEntry, PeerAuthentication, RequestAuthentication, AuthorizationPolicy, Telemetry) to a mesh's config cluster (its control-plane cluster), all or nothing, through the mesh backend on behalf of the task's user. The mesh backend validates them first (the CRD's schema, Istio's analyzer checks and Meshfleet's own, a server-side dry run with istiod's webhook) and refuses the batch on any error. The log shows each finding (code, object, field, what to do), each object's action and diff, and the impact (clusters, services, workloads, observed traffic edges). The dry run, and dryRun: true, change nothing.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        meshId: z =>
          z
            .string()
            .min(1)
            .describe(
              "The mesh: its id (e.g. 'demo') or the entity ref of its catalog Resource of type service-mesh (e.g. 'resource:default/demo', what EntityPicker gives).",
            ),
        objects: z =>
          z
            .array(z.record(z.unknown()))
            .optional()
            .describe(
              'The policies as Kubernetes objects (apiVersion, kind, metadata with name and namespace, spec), at most 50. Give objects or manifest, not both.',
            ),
        manifest: z =>
          z
            .string()
            .optional()
            .describe(
              "The policies as a YAML string of one or more documents separated by '---', as kubectl takes them, at most 50. Give objects or manifest, not both.",
            ),
        dryRun: z =>
          z
            .boolean()
            .optional()
            .describe('Validate and show the diff and impact only; change nothing (as the template dry run does).'),
      },
      output: {
        meshId: z => z.string().describe('Id of the mesh.'),
        configCluster: z => z.string().describe("The cluster the policies are written to: the mesh's config cluster."),
        results: z =>
          z
            .array(
              z.object({
                kind: z.string(),
                namespace: z.string(),
                name: z.string(),
                action: z.enum(['created', 'updated', 'unchanged']),
              }),
            )
            .describe('What the apply did to each object (or would do, in a dry run).'),
        warnings: z =>
          z
            .array(z.string())
            .describe('Validation warnings, one line each (level, code, object, field, message, fix); empty when validation found nothing to warn about.'),
        notes: z =>
          z
            .array(z.string())
            .describe("The apply's own remarks, e.g. a namespace it created (or would create) in the config cluster."),
      },
    },
    async handler(ctx) {
      const objects = policyObjectsOfInput(ctx.input);
      const meshId = await resolveMeshId(entityReaderFor(ctx, options.catalog), ctx.input.meshId, 'meshId');
      const dryRun = ctx.isDryRun === true || ctx.input.dryRun === true;
      let summary: PolicyApplySummary;
      if (dryRun) {
        summary = await applyPolicies(ctx, options, { meshId, objects, dryRun: true });
      } else {
        let appliedNow = false;
        const stored = await ctx.checkpoint({
          key: checkpointKeyOf(ctx),
          fn: async () => {
            appliedNow = true;
            return (await applyPolicies(ctx, options, { meshId, objects, dryRun: false })) as unknown as JsonObject;
          },
        });
        summary = stored as unknown as PolicyApplySummary;
        if (!appliedNow) {
          ctx.logger.info('An earlier run of this step applied these policies (the task was recovered or retried); not applying them again');
        }
      }
      write(ctx, summaryLines(summary));
      ctx.output('meshId', meshId);
      ctx.output('configCluster', summary.configCluster);
      ctx.output(
        'results',
        plain(summary.results.map(({ kind, namespace, name, action }) => ({ kind, namespace, name, action }))),
      );
      ctx.output('warnings', plain(warningsOf(summary)));
      ctx.output('notes', plain(summary.warnings));
    },
  });
}
