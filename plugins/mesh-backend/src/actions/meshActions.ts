import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  ClusterView,
  MeshDetailResponse,
  MeshOperation,
  MeshOperationStatus,
} from '@meshfleet/plugin-mesh-common';
import { meshClustersOf, meshStatusOf, operationSummaryOf } from './views';

/** What the read-only mesh actions need; each call decides with the caller's credentials. */
export interface MeshActionOptions {
  /** The mesh when these credentials may read it (`mesh.read`); rejects with NotFoundError otherwise. */
  readableMesh(credentials: BackstageCredentials, meshId: string): Promise<MeshDetailResponse>;
  /** Every cluster Meshfleet reads (their state; no credentials in it). */
  clusters(): Promise<ClusterView[]>;
  /** The operations these credentials may read (`mesh.read` on each one's mesh), newest first. */
  listOperations(
    filter: { meshId?: string; status?: MeshOperationStatus; limit?: number },
    credentials: BackstageCredentials,
  ): Promise<MeshOperation[]>;
}

const ATTRIBUTES = { readOnly: true, idempotent: true, destructive: false } as const;

const OPERATION_STATUSES = ['pending', 'running', 'succeeded', 'failed'] as const;

/**
 * Registers the read-only mesh actions in Backstage's actions registry
 * (`mesh:get-mesh-status`, `mesh:list-mesh-clusters`, `mesh:list-mesh-operations`),
 * for agents and MCP clients. They answer what the mesh pages show, and hide
 * what the caller may not read exactly as the REST API does: `visibilityPermission`
 * must be a basic permission and `mesh.read` is decided per mesh, so the
 * actions are listed to everyone and each answer is filtered with the caller's
 * credentials (a mesh they may not read is not found).
 */
export function registerMeshActions(registry: ActionsRegistryService, options: MeshActionOptions): void {
  registry.register({
    name: 'get-mesh-status',
    title: 'Get the status of a service mesh',
    description: `Tells how an Istio mesh managed or discovered by Meshfleet is: its type (hosted, dedicated, external), whether Meshfleet manages it, owner, health (healthy, degraded, unknown), control-plane cluster, istiod revisions and Istio version, trust domain, number of services, its clusters with their role, network and reachability, drift between what Meshfleet recorded and what runs in the clusters (each with a sentence to act on), and discovery warnings.

When to use: to answer "is mesh X healthy?", "which clusters are in mesh X and can Meshfleet reach them?", "does mesh X run what was recorded?", or before changing a mesh (onboarding a cluster, an upgrade).`,
    attributes: ATTRIBUTES,
    schema: {
      input: z =>
        z.object({
          meshId: z.string().describe('Mesh id, as GET /api/mesh/meshes lists it (e.g. demo)'),
        }),
      output: z =>
        z.object({
          mesh: z
            .object({
              id: z.string(),
              title: z.string(),
              type: z.enum(['hosted', 'dedicated', 'external']),
              managed: z.boolean().describe('Whether Meshfleet created or adopted it (rather than only found it)'),
              owner: z.string().optional().describe('Entity ref of the owning group or user (managed meshes)'),
              health: z.enum(['healthy', 'degraded', 'unknown']),
              controlPlaneCluster: z.string(),
              revisions: z.array(z.string()).describe('istiod revisions running in the control-plane cluster'),
              istioVersion: z.string().optional(),
              trustDomain: z.string().optional(),
              serviceCount: z.number().describe('Mesh services (same-named services across clusters count once)'),
              clusters: z
                .array(
                  z.object({
                    cluster: z.string(),
                    role: z.enum(['control-plane', 'remote']),
                    network: z.string().optional(),
                    reachability: z.string().describe('reachable, unreachable, needs-user-credentials or unknown'),
                  }),
                )
                .describe("The mesh's clusters, control plane included"),
              drift: z
                .array(z.object({ kind: z.string(), cluster: z.string().optional(), message: z.string() }))
                .describe('Differences between the recorded mesh and the clusters; empty when none'),
              warnings: z
                .array(z.object({ cluster: z.string(), object: z.string().optional(), message: z.string() }))
                .describe("What discovery found wrong in the mesh's Istio objects"),
            })
            .describe('The mesh'),
        }),
    },
    action: async ({ input, credentials }) => ({
      output: { mesh: meshStatusOf(await options.readableMesh(credentials, input.meshId)) },
    }),
  });

  registry.register({
    name: 'list-mesh-clusters',
    title: 'List the clusters of a service mesh',
    description: `Lists the Kubernetes clusters of one Istio mesh: for each its role (control-plane or remote member), Istio network, whether Meshfleet reaches it (and why not), the Kubernetes version, the istiod revisions it runs, and discovery warnings about it. Cluster names are Backstage's (kubernetes.clusterLocatorMethods).

When to use: to find which clusters a mesh spans, which member is unreachable and why, or which clusters are on which network, e.g. before onboarding or removing a cluster.`,
    attributes: ATTRIBUTES,
    schema: {
      input: z =>
        z.object({
          meshId: z.string().describe('Mesh id, as GET /api/mesh/meshes lists it (e.g. demo)'),
        }),
      output: z =>
        z.object({
          clusters: z.array(
            z.object({
              name: z.string().describe('Backstage cluster name'),
              role: z.enum(['control-plane', 'remote']),
              network: z.string().optional(),
              reachability: z.string().describe('reachable, unreachable, needs-user-credentials or unknown'),
              error: z.string().optional().describe('Why Meshfleet does not read it, when not reachable'),
              kubernetesVersion: z.string().optional(),
              revisions: z.array(z.string()).describe('istiod revisions in this cluster'),
              warnings: z.array(z.string()).describe('Discovery warnings about this cluster'),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const mesh = await options.readableMesh(credentials, input.meshId);
      return { output: { clusters: meshClustersOf(mesh, await options.clusters()) } };
    },
  });

  registry.register({
    name: 'list-mesh-operations',
    title: 'List mesh operations',
    description: `Lists mesh operations (creating a mesh, onboarding or removing a cluster, deleting a mesh…), newest first, with their kind, status (pending, running, succeeded, failed), who requested them, timestamps, each step's status and what it did, the outputs, and for a failed operation the failed step, the cause, the steps already done and what to do. Only operations on meshes the caller may read.

When to use: to follow a change in progress, to find why an onboarding failed and whether it can be retried, or to see what was changed in a mesh and by whom.`,
    attributes: ATTRIBUTES,
    schema: {
      input: z =>
        z.object({
          meshId: z.string().optional().describe('Only this mesh’s operations'),
          status: z.enum(OPERATION_STATUSES).optional().describe('Only operations with this status'),
          limit: z.number().int().min(1).max(100).optional().describe('At most this many (default 20)'),
        }),
      output: z =>
        z.object({
          operations: z.array(
            z.object({
              id: z.string(),
              meshId: z.string(),
              kind: z.string().describe('mesh.create, cluster.join, cluster.leave, mesh.delete, …'),
              status: z.enum(OPERATION_STATUSES),
              requestedBy: z.string(),
              createdAt: z.string(),
              startedAt: z.string().optional(),
              finishedAt: z.string().optional(),
              steps: z.array(
                z.object({ id: z.string(), title: z.string(), status: z.string(), attempts: z.number(), detail: z.string().optional() }),
              ),
              outputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
              error: z
                .object({ step: z.string(), message: z.string(), completedSteps: z.array(z.string()), hint: z.string().optional() })
                .optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const operations = await options.listOperations(
        { meshId: input.meshId, status: input.status, limit: input.limit ?? 20 },
        credentials,
      );
      return { output: { operations: operations.map(operationSummaryOf) } };
    },
  });
}
