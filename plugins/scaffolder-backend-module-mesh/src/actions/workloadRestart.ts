import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './workloadRestart.examples';
import { clusterRefField, DNS_LABEL_PATTERN, meshRefField } from './inputs';
import { resolveClusterName, resolveMeshId } from './references';
import { entityReaderFor, MeshActionsOptions, runMeshOperation } from './runOperation';

/** One workload after the restart, as the operation's `workloads` output lists it. */
interface RestartedWorkload {
  workload: string;
  pods: number;
  podsWithSidecar: number;
  revisions: string[];
}

function parseWorkloads(value: unknown): RestartedWorkload[] {
  return typeof value === 'string' ? (JSON.parse(value) as RestartedWorkload[]) : [];
}

/**
 * `mesh:workload:restart`: a rollout restart of a namespace's Deployments in
 * batches (operation `workload.restart` of the mesh backend).
 */
export function createWorkloadRestartAction(options: MeshActionsOptions) {
  return createTemplateAction({
    id: 'mesh:workload:restart',
    description:
      "Restarts Deployments of a namespace in a cluster of a mesh as kubectl rollout restart does, a batch at a time, waiting until each batch is rolled out and Ready (no pod of an older ReplicaSet left), so that their pods get or lose their Istio sidecar; outputs, per Deployment, its pods, those with a sidecar and the sidecars' revisions. Runs as a mesh operation in the mesh backend on behalf of the task's user; the dry run logs the batches.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        mesh: meshRefField,
        cluster: z => clusterRefField(z, 'cluster of the mesh the workloads run in'),
        namespace: z => z.string().regex(DNS_LABEL_PATTERN, 'expected a namespace name').describe('The namespace of the Deployments.'),
        workloads: z =>
          z.array(z.string().min(1)).min(1).optional().describe('The Deployments to restart; leave out for every Deployment of the namespace.'),
        batchSize: z =>
          z.number().int().min(1).max(50).optional().describe('How many Deployments restart together (1 to 50, default 1: one after another).'),
        timeoutSeconds: z =>
          z.number().int().min(10).max(3600).optional().describe('How long each batch may take to roll out, in seconds (default 300).'),
      },
      output: {
        operationId: z => z.string().optional().describe('Id of the mesh operation (absent in a dry run).'),
        meshId: z => z.string().describe('Id of the mesh.'),
        status: z => z.string().describe("'succeeded', or 'planned' in a dry run."),
        pods: z => z.number().optional().describe("The restarted Deployments' pods."),
        podsWithSidecar: z => z.number().optional().describe('Of those, the pods with an Istio sidecar.'),
        workloads: z =>
          z
            .array(
              z.object({
                workload: z.string(),
                pods: z.number(),
                podsWithSidecar: z.number(),
                revisions: z.array(z.string()),
              }),
            )
            .optional()
            .describe("Per Deployment: its pods, those with a sidecar, and the sidecars' revisions."),
        plan: z => z.record(z.unknown()).optional().describe("Dry run only: the operation's plan (the Deployments, batch by batch)."),
      },
    },
    async handler(ctx) {
      const reader = entityReaderFor(ctx, options.catalog);
      const meshId = await resolveMeshId(reader, ctx.input.mesh, 'mesh');
      const cluster = await resolveClusterName(reader, ctx.input.cluster, 'cluster');
      const { namespace, workloads, batchSize, timeoutSeconds } = ctx.input;
      const operation = await runMeshOperation(ctx, options, {
        kind: 'workload.restart',
        meshId,
        cluster,
        namespace,
        ...(workloads ? { workloads } : {}),
        ...(batchSize !== undefined ? { batchSize } : {}),
        ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
      });
      const outputs = operation?.outputs ?? {};
      if (typeof outputs.pods === 'number') ctx.output('pods', outputs.pods);
      if (typeof outputs.podsWithSidecar === 'number') ctx.output('podsWithSidecar', outputs.podsWithSidecar);
      if (outputs.workloads !== undefined) {
        const restarted = parseWorkloads(outputs.workloads);
        restarted.forEach(w =>
          ctx.logger.info(`${w.workload}: ${w.podsWithSidecar} of ${w.pods} pods with a sidecar${w.revisions.length ? ` (revision ${w.revisions.join(', ')})` : ''}`),
        );
        ctx.output('workloads', restarted);
      }
    },
  });
}
