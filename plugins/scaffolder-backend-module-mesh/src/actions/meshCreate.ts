import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { MESH_TYPES, MeshType } from '@meshfleet/plugin-mesh-common';
import { examples } from './meshCreate.examples';
import { clusterRefField, DNS_LABEL_PATTERN, meshIdField, networkField, TRUST_DOMAIN_PATTERN } from './inputs';
import { resolveClusterName } from './references';
import { entityReaderFor, MeshActionsOptions, runMeshOperation } from './runOperation';

/**
 * `mesh:create`: registers a mesh and, for hosted and dedicated meshes,
 * creates its trust and installs istiod in its control-plane cluster
 * (operation `mesh.create` of the mesh backend).
 */
export function createMeshCreateAction(options: MeshActionsOptions) {
  return createTemplateAction({
    id: 'mesh:create',
    description:
      "Creates an Istio mesh: registers it with Meshfleet and, for hosted and dedicated meshes, creates the mesh's root CA and installs base and istiod (revisioned) in its control-plane cluster, then waits until istiod is Ready. An external mesh is only registered (adopted as discovery found it). Runs as a mesh operation in the mesh backend on behalf of the task's user; the dry run logs the plan.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        meshId: meshIdField,
        title: z => z.string().optional().describe('Display name of the mesh. Defaults to the id.'),
        type: z =>
          z
            .enum(MESH_TYPES as [MeshType, ...MeshType[]])
            .optional()
            .describe(
              "hosted (the default): a control-plane cluster whose istiod serves member clusters (joined with mesh:cluster:join); dedicated: one cluster that is both; external: an existing Istio installation, adopted without install.",
            ),
        controlPlaneCluster: z => clusterRefField(z, 'control-plane cluster (runs istiod)'),
        controlPlaneNetwork: z => networkField(z, 'the control-plane cluster'),
        revision: z =>
          z
            .string()
            .regex(DNS_LABEL_PATTERN, "expected a DNS-1123 label without dots, e.g. 'default' or '1-31-0'")
            .optional()
            .describe(
              "istiod's revision (istio.io/rev): 'default' (the default) for an unrevisioned install, or a DNS-1123 label without dots such as '1-31-0'.",
            ),
        trustDomain: z =>
          z
            .string()
            .regex(TRUST_DOMAIN_PATTERN, 'expected a DNS-like name such as cluster.local')
            .optional()
            .describe("The mesh's SPIFFE trust domain. Defaults to cluster.local."),
        istioVersion: z =>
          z
            .string()
            .optional()
            .describe("The Istio version to install (a version the configured chart source holds). Defaults to the mesh backend's meshfleet.istio.defaultVersion."),
        owner: z =>
          z
            .string()
            .optional()
            .describe("Entity ref of the owning group or user (who may change the mesh). Defaults to the task's user."),
        controlPlaneAddress: z =>
          z
            .string()
            .optional()
            .describe(
              'Hosted meshes: where member clusters reach istiod (IP or DNS name; ports 15012 and 15017) when the control-plane cluster exposes it itself. Without it Meshfleet creates a LoadBalancer Service istiod-meshfleet and uses its address.',
            ),
      },
      output: {
        operationId: z => z.string().optional().describe('Id of the mesh operation (absent in a dry run).'),
        meshId: z => z.string().describe('Id of the mesh.'),
        status: z => z.string().describe("'succeeded', or 'planned' in a dry run."),
        revision: z => z.string().optional().describe("istiod's revision."),
        istioVersion: z => z.string().optional().describe('The Istio version installed.'),
        controlPlaneAddress: z => z.string().optional().describe('Where member clusters reach istiod (hosted meshes).'),
        plan: z => z.record(z.unknown()).optional().describe("Dry run only: the operation's plan (objects per cluster, Helm releases with values)."),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const controlPlaneCluster = await resolveClusterName(
        entityReaderFor(ctx, options.catalog),
        input.controlPlaneCluster,
        'controlPlaneCluster',
      );
      const owner = input.owner ?? ctx.user?.ref;
      if (!owner) {
        throw new InputError('owner: no owner given and the task has no user; expected an entity ref such as group:default/platform');
      }
      const operation = await runMeshOperation(ctx, options, {
        kind: 'mesh.create',
        mesh: {
          id: input.meshId,
          title: input.title ?? input.meshId,
          type: input.type ?? 'hosted',
          controlPlaneCluster,
          controlPlaneNetwork: input.controlPlaneNetwork ?? `net-${controlPlaneCluster}`,
          revision: input.revision ?? 'default',
          trustDomain: input.trustDomain ?? 'cluster.local',
          owner,
          ...(input.istioVersion ? { istioVersion: input.istioVersion } : {}),
        },
        ...(input.controlPlaneAddress ? { controlPlaneAddress: input.controlPlaneAddress } : {}),
      });
      for (const key of ['revision', 'istioVersion', 'controlPlaneAddress'] as const) {
        const value = operation?.outputs[key];
        if (value !== undefined) {
          ctx.output(key, String(value));
        }
      }
    },
  });
}
