import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './meshDelete.examples';
import { meshRefField } from './inputs';
import { resolveMeshId } from './references';
import { entityReaderFor, MeshActionsOptions, runMeshOperation } from './runOperation';

/**
 * `mesh:delete`: uninstalls a mesh that has no members left and forgets it
 * (operation `mesh.delete` of the mesh backend).
 */
export function createMeshDeleteAction(options: MeshActionsOptions) {
  return createTemplateAction({
    id: 'mesh:delete',
    description:
      "Deletes a mesh that has no member clusters left (remove them with mesh:cluster:leave first): uninstalls istiod and base from its control-plane cluster, deletes the istiod LoadBalancer Service, cacerts and the mesh's root CA, then forgets the mesh. An external mesh is only forgotten. Runs as a mesh operation in the mesh backend on behalf of the task's user; the dry run logs the plan.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        mesh: meshRefField,
      },
      output: {
        operationId: z => z.string().optional().describe('Id of the mesh operation (absent in a dry run).'),
        meshId: z => z.string().describe('Id of the deleted mesh.'),
        status: z => z.string().describe("'succeeded', or 'planned' in a dry run."),
        plan: z => z.record(z.unknown()).optional().describe("Dry run only: the operation's plan (objects per cluster, Helm releases)."),
      },
    },
    async handler(ctx) {
      const meshId = await resolveMeshId(entityReaderFor(ctx, options.catalog), ctx.input.mesh, 'mesh');
      await runMeshOperation(ctx, options, { kind: 'mesh.delete', meshId });
    },
  });
}
