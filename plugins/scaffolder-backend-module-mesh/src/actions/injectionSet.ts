import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './injectionSet.examples';
import { clusterRefField, DNS_LABEL_PATTERN, meshRefField } from './inputs';
import { resolveClusterName, resolveMeshId } from './references';
import { entityReaderFor, MeshActionsOptions, runMeshOperation } from './runOperation';

/** A Kubernetes quantity without sign, as the mesh backend checks it. */
const QUANTITY_PATTERN = /^(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/**
 * `mesh:injection:set`: sidecar injection on or off for a namespace or one
 * workload (operation `injection.set` of the mesh backend).
 */
export function createInjectionSetAction(options: MeshActionsOptions) {
  return createTemplateAction({
    id: 'mesh:injection:set',
    description:
      "Turns Istio sidecar injection on or off for a namespace, or for one Deployment's pods, in a cluster of a mesh, by the default revision, an istiod revision or a revision tag, following Istio's label precedence (namespace: istio-injection or istio.io/rev, never both; workload: sidecar.istio.io/inject and istio.io/rev), optionally with the sidecar's resources. A namespace's pods keep what they have until restarted (mesh:workload:restart); a workload's pod template change rolls out its pods. Runs as a mesh operation in the mesh backend on behalf of the task's user; the dry run logs the label changes.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        mesh: meshRefField,
        cluster: z => clusterRefField(z, 'cluster of the mesh (its control-plane cluster or a member)'),
        namespace: z => z.string().regex(DNS_LABEL_PATTERN, 'expected a namespace name').describe('The namespace (it must exist in the cluster).'),
        workload: z =>
          z.string().min(1).optional().describe("A Deployment of the namespace: set its pods' injection instead of the namespace's."),
        enabled: z => z.boolean().default(true).describe('true to inject sidecars, false to stop injecting (default true).'),
        revision: z =>
          z
            .string()
            .regex(DNS_LABEL_PATTERN, 'expected an istiod revision')
            .optional()
            .describe("An istiod revision of the mesh (istio.io/rev); leave out for the mesh's default revision. Not with tag."),
        tag: z =>
          z
            .string()
            .regex(DNS_LABEL_PATTERN, 'expected a revision tag')
            .optional()
            .describe('A revision tag (its webhook istio-revision-tag-<tag> must be in the cluster). Not with revision.'),
        resources: z =>
          z
            .object({
              cpuRequest: z.string().regex(QUANTITY_PATTERN, 'expected a Kubernetes quantity').optional().describe('e.g. 100m'),
              memoryRequest: z.string().regex(QUANTITY_PATTERN, 'expected a Kubernetes quantity').optional().describe('e.g. 128Mi'),
              cpuLimit: z.string().regex(QUANTITY_PATTERN, 'expected a Kubernetes quantity').optional().describe('e.g. 500m'),
              memoryLimit: z.string().regex(QUANTITY_PATTERN, 'expected a Kubernetes quantity').optional().describe('e.g. 512Mi'),
            })
            .strict()
            .optional()
            .describe("The sidecar's requests and limits (a workload only), as Istio's sidecar.istio.io/proxyCPU, proxyMemory, proxyCPULimit and proxyMemoryLimit annotations."),
      },
      output: {
        operationId: z => z.string().optional().describe('Id of the mesh operation (absent in a dry run).'),
        meshId: z => z.string().describe('Id of the mesh.'),
        status: z => z.string().describe("'succeeded', or 'planned' in a dry run."),
        target: z => z.string().optional().describe("What was labelled, e.g. 'Namespace shop in east'."),
        outcome: z => z.string().optional().describe("'updated', or 'kept' when the labels were already as asked."),
        changes: z => z.string().optional().describe("The label changes, e.g. 'set label istio.io/rev=canary; remove label istio-injection'."),
        plan: z => z.record(z.unknown()).optional().describe("Dry run only: the operation's plan (the object and its label changes)."),
      },
    },
    async handler(ctx) {
      const reader = entityReaderFor(ctx, options.catalog);
      const meshId = await resolveMeshId(reader, ctx.input.mesh, 'mesh');
      const cluster = await resolveClusterName(reader, ctx.input.cluster, 'cluster');
      const { namespace, workload, enabled, revision, tag, resources } = ctx.input;
      const operation = await runMeshOperation(ctx, options, {
        kind: 'injection.set',
        meshId,
        cluster,
        namespace,
        enabled: enabled ?? true,
        ...(workload ? { workload } : {}),
        ...(revision ? { revision } : {}),
        ...(tag ? { tag } : {}),
        ...(resources && Object.keys(resources).length ? { resources } : {}),
      });
      const outputs = operation?.outputs ?? {};
      for (const name of ['target', 'outcome', 'changes'] as const) {
        if (outputs[name] !== undefined) ctx.output(name, String(outputs[name]));
      }
    },
  });
}
