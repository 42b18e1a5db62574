import { HttpAuthService, LoggerService, PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission } from '@backstage/plugin-permission-common';
import { MeshListResponse, meshReadPermission } from '@meshfleet/plugin-mesh-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { MeshStore } from '../database/MeshStore';
import { storedMeshView } from './storedMeshView';

/** What the mesh backend's routes need. */
export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  meshStore: MeshStore;
}

/**
 * The mesh backend's REST API, mounted at `/api/mesh`. Every route but
 * `/health` requires a user or service token (Backstage's default auth policy)
 * and a permission decision.
 */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, permissions, meshStore } = options;
  const router = Router();
  router.use(express.json());

  async function authorize(req: Request, permission: BasicPermission): Promise<void> {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const [decision] = await permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Permission '${permission.name}' is required`);
    }
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/meshes', async (req, res) => {
    await authorize(req, meshReadPermission);
    const meshes: MeshListResponse = (await meshStore.listMeshes()).map(storedMeshView);
    res.json(meshes);
  });

  return router;
}
