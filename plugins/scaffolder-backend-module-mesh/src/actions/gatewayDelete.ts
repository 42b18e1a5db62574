import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './gatewayDelete.examples';
import { gatewayNameField, gatewayNamespaceField } from './gatewayInputs';
import { clusterRefField, meshRefField } from './inputs';
import { resolveClusterName, resolveMeshId } from './references';
import { entityReaderFor, MeshActionsOptions, runMeshOperation } from './runOperation';

/**
 * `mesh:gateway:delete`: removes a gateway instance Meshfleet made
 * (operation `gateway.delete` of the mesh backend).
 */
export function createGatewayDeleteAction(options: MeshActionsOptions) {
  return createTemplateAction({
    id: 'mesh:gateway:delete',
    description:
      "Deletes a gateway instance Meshfleet created for a mesh: uninstalls its Helm release, deletes whatever of the release is left (Deployment, Service, ServiceAccount, Role, RoleBinding, PodDisruptionBudget, HorizontalPodAutoscaler; each reported) and waits until its pods are gone, then deletes its namespace if it was created for it and holds nothing else. A release of that name that Meshfleet did not make is refused. Runs as a mesh operation in the mesh backend on behalf of the task's user; the dry run logs the plan.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        mesh: meshRefField,
        cluster: z => clusterRefField(z, 'cluster the gateway runs in'),
        name: gatewayNameField,
        namespace: z => gatewayNamespaceField(z, 'istio-ingress or istio-egress when made with the defaults.'),
      },
      output: {
        operationId: z => z.string().optional().describe('Id of the mesh operation (absent in a dry run).'),
        meshId: z => z.string().describe('Id of the mesh.'),
        cluster: z => z.string().describe('The Backstage name of the cluster the gateway ran in.'),
        status: z => z.string().describe("'succeeded', or 'planned' in a dry run."),
        leftovers: z => z.number().optional().describe("How many objects of the release Helm's uninstall left and the operation deleted."),
        plan: z => z.record(z.unknown()).optional().describe("Dry run only: the operation's plan (the release to uninstall, objects to delete)."),
      },
    },
    async handler(ctx) {
      const reader = entityReaderFor(ctx, options.catalog);
      const meshId = await resolveMeshId(reader, ctx.input.mesh, 'mesh');
      const cluster = await resolveClusterName(reader, ctx.input.cluster, 'cluster');
      ctx.output('cluster', cluster);
      const { name, namespace } = ctx.input;
      const operation = await runMeshOperation(ctx, options, { kind: 'gateway.delete', meshId, cluster, namespace, name });
      const leftovers = operation?.outputs?.leftovers;
      if (typeof leftovers === 'number') ctx.output('leftovers', leftovers);
    },
  });
}
