import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import { ObservabilityService } from './ObservabilityService';

/** What the observability actions need. */
export interface ObservabilityActionOptions {
  observability: ObservabilityService;
  /** The mesh when these credentials may read it (`mesh.read`); rejects with NotFoundError otherwise. */
  readableMesh(credentials: BackstageCredentials, meshId: string): Promise<MeshDetail>;
}

const ATTRIBUTES = { readOnly: true, idempotent: true, destructive: false } as const;

/**
 * Registers the read-only observability actions in Backstage's actions
 * registry (`mesh:get-service-neighbours`, `mesh:get-service-health`), for
 * agents and MCP clients. They answer what the Service Mesh tab shows.
 */
export function registerObservabilityActions(registry: ActionsRegistryService, options: ObservabilityActionOptions): void {
  const { observability, readableMesh } = options;

  registry.register({
    name: 'get-service-neighbours',
    title: 'Get a mesh service’s neighbours',
    description: `Lists the services and workloads that call a mesh service and those it calls, from the mesh's Prometheus (Istio standard metrics), with each edge's figures over a time window: request rate, error rate with HTTP 4xx, 5xx and gRPC errors apart, latency p50/p95/p99 in milliseconds, protocol, TCP bytes, the share of mutual-TLS traffic, and one part per cluster pair (crossCluster marks traffic between clusters).

When to use: to find what depends on a service or what it depends on, or which caller or callee has errors or latency.`,
    attributes: ATTRIBUTES,
    schema: {
      input: z =>
        z.object({
          meshId: z.string().describe('Mesh id, as GET /api/mesh/meshes lists it'),
          namespace: z.string().describe('Namespace of the service'),
          service: z.string().describe('Name of the Kubernetes Service'),
          window: z.string().optional().describe('Rate window, e.g. 5m (default 5m; 1m to 6h)'),
        }),
      output: z =>
        z.object({
          window: z.string(),
          neighbours: z
            .array(
              z.object({
                direction: z.enum(['inbound', 'outbound']).describe('inbound: the neighbour calls the service'),
                node: z.record(z.string(), z.unknown()).describe('The neighbour: id, kind, name, namespace, health'),
                edge: z
                  .record(z.string(), z.unknown())
                  .describe('protocol, crossCluster, traffic (rates per second, latency in ms, mtlsShare 0..1), health, parts per cluster pair'),
              }),
            )
            .describe('Neighbours with the figures of the edge between them and the service'),
        }),
    },
    action: async ({ input, credentials }) => {
      const mesh = await readableMesh(credentials, input.meshId);
      const result = await observability.serviceNeighbours(mesh, input.namespace, input.service, {
        ...(input.window ? { window: input.window } : {}),
      });
      return { output: { window: result.window, neighbours: result.neighbours as any[] } };
    },
  });

  registry.register({
    name: 'get-service-health',
    title: 'Get a mesh service’s health',
    description: `Tells whether a mesh service is healthy, degraded or failing, from the requests into it over a time window, with Kiali's thresholds unless configured otherwise (any 5xx or gRPC error is degraded, 10 % failing; 4xx from 10 % degraded, 20 % failing; no requests: unknown). Includes the reason, the inbound figures, and the health per cluster and per workload.

When to use: before or after a change to a service, or to find where in the fleet a service fails.`,
    attributes: ATTRIBUTES,
    schema: {
      input: z =>
        z.object({
          meshId: z.string().describe('Mesh id, as GET /api/mesh/meshes lists it'),
          namespace: z.string().describe('Namespace of the service'),
          service: z.string().describe('Name of the Kubernetes Service'),
          window: z.string().optional().describe('Rate window, e.g. 5m (default 5m; 1m to 6h)'),
        }),
      output: z =>
        z.object({
          window: z.string(),
          status: z.enum(['healthy', 'degraded', 'failing', 'unknown']),
          reason: z.string().describe('Which error class crossed which threshold, or why unknown'),
          inbound: z.record(z.string(), z.unknown()).describe('Request rate, error rates, latency, mtlsShare'),
          clusters: z
            .array(z.record(z.string(), z.unknown()))
            .describe('Per cluster: health and the health of each workload'),
        }),
    },
    action: async ({ input, credentials }) => {
      const mesh = await readableMesh(credentials, input.meshId);
      const result = await observability.serviceHealth(mesh, input.namespace, input.service, {
        ...(input.window ? { window: input.window } : {}),
      });
      return {
        output: {
          window: result.window,
          status: result.health.status,
          reason: result.health.reason,
          inbound: result.inbound as unknown as Record<string, unknown>,
          clusters: result.clusters as unknown as Array<Record<string, unknown>>,
        },
      };
    },
  });
}
