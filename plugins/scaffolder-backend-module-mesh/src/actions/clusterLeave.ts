import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './clusterLeave.examples';
import { clusterRefField, meshRefField } from './inputs';
import { resolveClusterName, resolveMeshId } from './references';
import { entityReaderFor, MeshActionsOptions, runMeshOperation } from './runOperation';

/**
 * `mesh:cluster:leave`: removes a member cluster from its mesh (operation
 * `cluster.leave` of the mesh backend).
 */
export function createClusterLeaveAction(options: MeshActionsOptions) {
  return createTemplateAction({
    id: 'mesh:cluster:leave',
    description:
      "Removes a member cluster from its mesh: deletes its remote secret in the control-plane cluster, waits until istiod no longer lists its services, uninstalls istiod-remote and base from it and removes its cacerts, reader token and network label, leaving no Istio object of the mesh in it. Runs as a mesh operation in the mesh backend on behalf of the task's user; the dry run logs the plan.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        mesh: meshRefField,
        cluster: z => clusterRefField(z, 'member cluster to remove'),
      },
      output: {
        operationId: z => z.string().optional().describe('Id of the mesh operation (absent in a dry run).'),
        meshId: z => z.string().describe('Id of the mesh.'),
        cluster: z => z.string().describe('The Backstage name of the cluster that left.'),
        status: z => z.string().describe("'succeeded', or 'planned' in a dry run."),
        plan: z => z.record(z.unknown()).optional().describe("Dry run only: the operation's plan (objects per cluster, Helm releases)."),
      },
    },
    async handler(ctx) {
      const reader = entityReaderFor(ctx, options.catalog);
      const meshId = await resolveMeshId(reader, ctx.input.mesh, 'mesh');
      const cluster = await resolveClusterName(reader, ctx.input.cluster, 'cluster');
      ctx.output('cluster', cluster);
      await runMeshOperation(ctx, options, { kind: 'cluster.leave', meshId, cluster });
    },
  });
}
