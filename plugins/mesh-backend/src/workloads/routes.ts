import type { MeshDetail } from '@meshfleet/plugin-mesh-common';
import express, { Request } from 'express';
import type { WorkloadQuery, WorkloadService } from './WorkloadService';

/** What the workloads route needs from the mesh backend's router. */
export interface WorkloadRouteOptions {
  workloads: WorkloadService;
  /** The mesh when the caller may read it (`mesh.read`); NotFoundError otherwise, as `GET /meshes/{id}` does. */
  readableMesh(req: Request, meshId: string): Promise<MeshDetail>;
}

/**
 * `GET /meshes/{meshId}/workloads` (documented in src/schema/openapi.yaml):
 * the sidecar state of the mesh's workloads, read from its clusters.
 */
export function registerWorkloadRoutes(router: express.Router, options: WorkloadRouteOptions): void {
  router.get('/meshes/:meshId/workloads', async (req, res) => {
    const mesh = await options.readableMesh(req, req.params.meshId);
    const body = await options.workloads.list(mesh, req.query as WorkloadQuery);
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(body);
  });
}
