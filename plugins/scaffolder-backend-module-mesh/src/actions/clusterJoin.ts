import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './clusterJoin.examples';
import { clusterRefField, meshRefField, networkField } from './inputs';
import { resolveClusterName, resolveMeshId } from './references';
import { entityReaderFor, MeshActionsOptions, runMeshOperation } from './runOperation';

/**
 * `mesh:cluster:join`: onboards a member cluster into a hosted mesh
 * (operation `cluster.join` of the mesh backend).
 */
export function createClusterJoinAction(options: MeshActionsOptions) {
  return createTemplateAction({
    id: 'mesh:cluster:join',
    description:
      "Onboards a cluster into a hosted mesh as a member: its istio-system namespace labelled with its network, its cacerts (an intermediate of the mesh's root), Istio's remote profile (base and istiod-remote pointing at the control plane's istiod), a reader service account and the remote secret in the control-plane cluster; on another network than the control plane's, east-west gateways in both clusters and a cross-network Gateway (15443, AUTO_PASSTHROUGH); succeeds once istiod lists the member's services (and routes to its network through its east-west gateway). Runs as a mesh operation in the mesh backend on behalf of the task's user; the dry run logs the plan.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        mesh: meshRefField,
        cluster: z => clusterRefField(z, 'cluster to onboard (in no mesh yet)'),
        network: z => networkField(z, "the member's workloads"),
      },
      output: {
        operationId: z => z.string().optional().describe('Id of the mesh operation (absent in a dry run).'),
        meshId: z => z.string().describe('Id of the mesh.'),
        cluster: z => z.string().describe('The Backstage name of the cluster that joined.'),
        status: z => z.string().describe("'succeeded', or 'planned' in a dry run."),
        controlPlaneAddress: z => z.string().optional().describe("Where the member reaches the mesh's istiod."),
        memberServices: z => z.number().optional().describe("How many of the member's services istiod listed when the join was verified."),
        memberEastWestAddress: z =>
          z.string().optional().describe("Multi-network only: the load-balancer address of the member's east-west gateway."),
        plan: z => z.record(z.unknown()).optional().describe("Dry run only: the operation's plan (objects per cluster, Helm releases with values)."),
      },
    },
    async handler(ctx) {
      const reader = entityReaderFor(ctx, options.catalog);
      const meshId = await resolveMeshId(reader, ctx.input.mesh, 'mesh');
      const cluster = await resolveClusterName(reader, ctx.input.cluster, 'cluster');
      ctx.output('cluster', cluster);
      const operation = await runMeshOperation(ctx, options, {
        kind: 'cluster.join',
        meshId,
        cluster,
        network: ctx.input.network ?? `net-${cluster}`,
      });
      const { controlPlaneAddress, memberServices, memberEastWestAddress } = operation?.outputs ?? {};
      if (controlPlaneAddress !== undefined) ctx.output('controlPlaneAddress', String(controlPlaneAddress));
      if (typeof memberServices === 'number') ctx.output('memberServices', memberServices);
      if (memberEastWestAddress !== undefined) ctx.output('memberEastWestAddress', String(memberEastWestAddress));
    },
  });
}
