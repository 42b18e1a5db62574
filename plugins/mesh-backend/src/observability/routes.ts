import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import express, { Request } from 'express';
import { ObservabilityService } from './ObservabilityService';

/** What the observability routes need from the mesh backend's router. */
export interface ObservabilityRouteOptions {
  observability: ObservabilityService;
  /**
   * The mesh with its services when the caller may read it (`mesh.read` on
   * that mesh); rejects with NotFoundError otherwise, as `GET /meshes/{id}` does.
   */
  readableMesh(req: Request, meshId: string): Promise<MeshDetail>;
}

/**
 * Adds the observability routes (documented in src/schema/openapi.yaml) to the
 * mesh backend's router. Every route is a read of one mesh the caller may
 * read; Prometheus and Grafana are reached only from here, never by the browser.
 */
export function registerObservabilityRoutes(router: express.Router, options: ObservabilityRouteOptions): void {
  const { observability, readableMesh } = options;
  type Params = { meshId: string; namespace: string; service: string; kind: string };
  const route = (path: string, answer: (mesh: MeshDetail, req: Request<Params>) => Promise<unknown> | unknown) => {
    router.get(path, async (req: Request<any>, res) => {
      const mesh = await readableMesh(req, req.params.meshId);
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(await answer(mesh, req as Request<Params>));
    });
  };

  route('/meshes/:meshId/observability', mesh => observability.status(mesh));
  route('/meshes/:meshId/topology', (mesh, req) => observability.topology(mesh, req.query));
  route('/meshes/:meshId/services/:namespace/:service/health', (mesh, req) =>
    observability.serviceHealth(mesh, req.params.namespace, req.params.service, req.query),
  );
  route('/meshes/:meshId/services/:namespace/:service/neighbours', (mesh, req) =>
    observability.serviceNeighbours(mesh, req.params.namespace, req.params.service, req.query),
  );
  route('/meshes/:meshId/services/:namespace/:service/metrics', (mesh, req) =>
    observability.serviceMetrics(mesh, req.params.namespace, req.params.service, req.query),
  );
  route('/meshes/:meshId/services/:namespace/:service/grafana', (mesh, req) =>
    observability.grafanaLinks(mesh, req.params.namespace, req.params.service, req.query),
  );
  route('/meshes/:meshId/control-plane/health', (mesh, req) => observability.controlPlaneHealth(mesh, req.query));
  route('/meshes/:meshId/dashboards/:kind', (mesh, req) => observability.renderDashboard(mesh, req.params.kind, req.query));
}
