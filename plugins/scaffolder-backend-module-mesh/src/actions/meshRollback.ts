import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './meshRollback.examples';
import { DNS_LABEL_PATTERN, meshRefField } from './inputs';
import { resolveMeshId } from './references';
import { outputMoveResults, revisionMoveFields, revisionMoveInputs, revisionMoveOutputs } from './revisionMoveInputs';
import { entityReaderFor, MeshActionsOptions, runMeshOperation } from './runOperation';

/**
 * `mesh:rollback`: back from a canary revision to the mesh's revision
 * (operation `mesh.rollback` of the mesh backend).
 */
export function createMeshRollbackAction(options: MeshActionsOptions) {
  return createTemplateAction({
    id: 'mesh:rollback',
    description:
      "Rolls back an unfinished canary upgrade: moves revision tags and namespaces from the canary revision back to the mesh's revision, restarts their workloads in batches and checks that their sidecars report it again; with removeNew, uninstalls the canary revision once nothing uses it. Runs as a mesh operation in the mesh backend on behalf of the task's user; the dry run logs the plan.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        mesh: meshRefField,
        fromRevision: z => z.string().regex(DNS_LABEL_PATTERN, 'expected a DNS-1123 label').describe('The canary revision to leave (what mesh:upgrade installed).'),
        ...revisionMoveInputs,
        removeNew: z => z.boolean().optional().describe('Uninstall the canary revision once nothing uses it (default false).'),
      },
      output: revisionMoveOutputs,
    },
    async handler(ctx) {
      const reader = entityReaderFor(ctx, options.catalog);
      const meshId = await resolveMeshId(reader, ctx.input.mesh, 'mesh');
      const operation = await runMeshOperation(ctx, options, {
        kind: 'mesh.rollback',
        meshId,
        fromRevision: ctx.input.fromRevision,
        ...(await revisionMoveFields(reader, ctx.input)),
        ...(ctx.input.removeNew !== undefined ? { removeNew: ctx.input.removeNew } : {}),
      });
      outputMoveResults(ctx, operation?.outputs);
    },
  });
}
