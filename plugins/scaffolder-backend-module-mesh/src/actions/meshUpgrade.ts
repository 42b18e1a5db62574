import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './meshUpgrade.examples';
import { DNS_LABEL_PATTERN, meshRefField } from './inputs';
import { resolveMeshId } from './references';
import { outputMoveResults, revisionMoveFields, revisionMoveInputs, revisionMoveOutputs } from './revisionMoveInputs';
import { entityReaderFor, MeshActionsOptions, runMeshOperation } from './runOperation';

/**
 * `mesh:upgrade`: a canary upgrade of a mesh's istiod by revision
 * (operation `mesh.upgrade` of the mesh backend).
 */
export function createMeshUpgradeAction(options: MeshActionsOptions) {
  return createTemplateAction({
    id: 'mesh:upgrade',
    description:
      "Canary upgrade of a mesh's istiod: upgrades Istio's base chart, installs istiod of a new revision beside the running one (and the members' remote profile for it), moves revision tags and namespaces to it, restarts their workloads in batches and checks that their sidecars report the new revision. The old revision stays until a run with removeOld removes it (only when nothing uses it any more). Runs as a mesh operation in the mesh backend on behalf of the task's user; the dry run logs the plan.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        mesh: meshRefField,
        version: z => z.string().min(1).describe('The Istio (chart) version of the new revision, e.g. 1.31.0.'),
        revision: z =>
          z.string().regex(DNS_LABEL_PATTERN, 'expected a DNS-1123 label').describe("The new istiod revision, e.g. '1-31-0'; refused if it exists, unless it is this mesh's canary of the same version (installed by an earlier mesh:upgrade: then tags move to it again, or removeOld finishes)."),
        ...revisionMoveInputs,
        removeOld: z =>
          z.boolean().optional().describe('Remove the old revision once every restarted workload reports the new one and nothing uses the old one (default false: keep it for a rollback).'),
        controlPlaneAddress: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              "Hosted meshes: where members reach the new revision's istiod (IP or DNS name), when the control plane exposes it itself; otherwise the backend creates a LoadBalancer Service istiod-meshfleet-<revision>. Required for a mesh created with a controlPlaneAddress.",
            ),
      },
      output: revisionMoveOutputs,
    },
    async handler(ctx) {
      const reader = entityReaderFor(ctx, options.catalog);
      const meshId = await resolveMeshId(reader, ctx.input.mesh, 'mesh');
      const operation = await runMeshOperation(ctx, options, {
        kind: 'mesh.upgrade',
        meshId,
        version: ctx.input.version,
        revision: ctx.input.revision,
        ...(await revisionMoveFields(reader, ctx.input)),
        ...(ctx.input.removeOld !== undefined ? { removeOld: ctx.input.removeOld } : {}),
        ...(ctx.input.controlPlaneAddress ? { controlPlaneAddress: ctx.input.controlPlaneAddress } : {}),
      });
      outputMoveResults(ctx, operation?.outputs);
    },
  });
}
