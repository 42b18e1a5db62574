import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './gatewayCreate.examples';
import { gatewayNameField, gatewayNamespaceField, gatewayPortsField } from './gatewayInputs';
import { clusterRefField, DNS_LABEL_PATTERN, meshRefField } from './inputs';
import { resolveClusterName, resolveMeshId } from './references';
import { entityReaderFor, MeshActionsOptions, runMeshOperation } from './runOperation';

/**
 * `mesh:gateway:create`: an ingress or egress gateway instance with Istio's
 * `gateway` chart in a cluster of a mesh (operation `gateway.create` of the
 * mesh backend).
 */
export function createGatewayCreateAction(options: MeshActionsOptions) {
  return createTemplateAction({
    id: 'mesh:gateway:create',
    description:
      "Creates an ingress or egress gateway instance with Istio's gateway Helm chart in a cluster of a mesh (the control plane or a member), injected by an istiod revision of the mesh: its namespace created or labelled for injection, the release installed, its Deployment Ready; an ingress gateway (a LoadBalancer Service) succeeds once it has a load-balancer address. A name another release or Deployment holds is refused; a re-run converges. Runs as a mesh operation in the mesh backend on behalf of the task's user; the dry run logs the plan.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        mesh: meshRefField,
        cluster: z => clusterRefField(z, 'cluster of the mesh to run the gateway in'),
        name: gatewayNameField,
        type: z => z.enum(['ingress', 'egress']).describe('ingress: a LoadBalancer Service with an address outside the cluster; egress: a ClusterIP Service for traffic leaving the mesh.'),
        namespace: z => gatewayNamespaceField(z, 'Created when absent and labelled for injection. Default: istio-ingress or istio-egress by type.').optional(),
        revision: z =>
          z
            .string()
            .regex(DNS_LABEL_PATTERN, 'expected an istiod revision (DNS-1123 label)')
            .optional()
            .describe("The istiod revision that injects the gateway's proxy ('default' when unrevisioned). Default: the mesh's revision. Must be a revision of the mesh."),
        replicas: z => z.number().int().min(1).max(100).optional().describe('Fixed replicas (autoscaling off). Default 1.'),
        ports: gatewayPortsField,
      },
      output: {
        operationId: z => z.string().optional().describe('Id of the mesh operation (absent in a dry run).'),
        meshId: z => z.string().describe('Id of the mesh.'),
        cluster: z => z.string().describe('The Backstage name of the cluster the gateway runs in.'),
        status: z => z.string().describe("'succeeded', or 'planned' in a dry run."),
        namespace: z => z.string().optional().describe('The namespace the gateway runs in.'),
        revision: z => z.string().optional().describe("The istiod revision of the gateway's proxy."),
        address: z => z.string().optional().describe("The gateway's first address: the load balancer's IP or hostname (ingress), the cluster IP (egress)."),
        addresses: z => z.array(z.string()).optional().describe("Every address of the gateway's Service."),
        plan: z => z.record(z.unknown()).optional().describe("Dry run only: the operation's plan (namespace, Helm release with values)."),
      },
    },
    async handler(ctx) {
      const reader = entityReaderFor(ctx, options.catalog);
      const meshId = await resolveMeshId(reader, ctx.input.mesh, 'mesh');
      const cluster = await resolveClusterName(reader, ctx.input.cluster, 'cluster');
      ctx.output('cluster', cluster);
      const { name, type, namespace, revision, replicas, ports } = ctx.input;
      const operation = await runMeshOperation(ctx, options, {
        kind: 'gateway.create',
        meshId,
        cluster,
        name,
        type,
        ...(namespace ? { namespace } : {}),
        ...(revision ? { revision } : {}),
        ...(replicas !== undefined ? { replicas } : {}),
        ...(ports ? { ports } : {}),
      });
      const outputs = operation?.outputs ?? {};
      if (outputs.namespace !== undefined) ctx.output('namespace', String(outputs.namespace));
      if (outputs.revision !== undefined) ctx.output('revision', String(outputs.revision));
      if (outputs.address !== undefined) ctx.output('address', String(outputs.address));
      if (typeof outputs.addresses === 'string') {
        const addresses = outputs.addresses.split(',').filter(Boolean);
        ctx.output('addresses', addresses);
        ctx.logger.info(`Gateway ${outputs.namespace}/${name} in ${cluster}: ${addresses.join(', ')}`);
      }
    },
  });
}
