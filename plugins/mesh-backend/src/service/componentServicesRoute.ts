import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ComponentService,
  ComponentServices,
  componentWorkloads,
  matchComponentService,
} from '@meshfleet/plugin-mesh-common';
import express, { Request } from 'express';
import { MeshReader } from './MeshReader';

function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * `GET /component-services`: the mesh services of a catalog Component's
 * Kubernetes workloads, in the meshes the caller may read, matched with the
 * catalog module's rule (mesh-common's `matchComponentService`), so the
 * entity pages show the services the catalog relates the Component to.
 */
export function registerComponentServicesRoute(
  router: express.Router,
  options: { reader: MeshReader; credentialsOf(req: Request): Promise<BackstageCredentials> },
): void {
  router.get('/component-services', async (req, res) => {
    let workloads;
    try {
      workloads = componentWorkloads({
        kubernetesId: queryString(req, 'kubernetesId'),
        labelSelector: queryString(req, 'labelSelector'),
        namespace: queryString(req, 'namespace'),
      });
    } catch (e) {
      throw new InputError(`labelSelector: ${(e as Error).message}`);
    }
    if (!workloads) {
      throw new InputError(
        'kubernetesId or labelSelector: one is required (the Component’s backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector)',
      );
    }
    const meshes = await options.reader.readableMeshes(await options.credentialsOf(req));
    const services: ComponentService[] = meshes
      .flatMap(mesh =>
        mesh.services
          .filter(s => matchComponentService(workloads, s))
          .map(s => ({
            meshId: mesh.id,
            meshTitle: mesh.title,
            namespace: s.namespace,
            name: s.name,
            hostname: s.hostname,
            clusters: s.instances.map(i => ({ cluster: i.cluster, injected: i.injected })),
          })),
      )
      .sort((a, b) =>
        `${a.meshId}\u0000${a.namespace}\u0000${a.name}`.localeCompare(`${b.meshId}\u0000${b.namespace}\u0000${b.name}`),
      );
    const body: ComponentServices = { services };
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(body);
  });
}
