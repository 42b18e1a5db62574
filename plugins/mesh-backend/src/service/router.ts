import { HttpAuthService, LoggerService, PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission } from '@backstage/plugin-permission-common';
import {
  ClusterListResponse,
  MeshDetailResponse,
  MeshListResponse,
  meshClusterReadPermission,
  meshReadPermission,
} from '@meshfleet/plugin-mesh-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { MeshModelSource } from '../model/MeshModelSource';
import { toMeshView } from './views';

/** What the mesh backend's routes need. */
export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  model: MeshModelSource;
}

/** Mesh ids are Istio meshIDs or Meshfleet ids: DNS-label-like. */
const MESH_ID_PATTERN = /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/;

/**
 * The mesh backend's REST API, mounted at `/api/mesh` and described in
 * `src/schema/openapi.yaml`. Every route but `/health` requires a user or
 * service token (Backstage's default auth policy) and a permission decision.
 */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, permissions, model } = options;
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
    const { meshes } = await model.getModel();
    const body: MeshListResponse = meshes.map(toMeshView);
    res.json(body);
  });

  router.get('/meshes/:meshId', async (req, res) => {
    const { meshId } = req.params;
    if (!MESH_ID_PATTERN.test(meshId)) {
      throw new InputError(
        `Invalid meshId '${meshId}': expected lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 63 characters`,
      );
    }
    await authorize(req, meshReadPermission);
    const mesh = (await model.getModel()).meshes.find(m => m.id === meshId);
    if (!mesh) {
      throw new NotFoundError(`No mesh with id '${meshId}'`);
    }
    const body: MeshDetailResponse = mesh;
    res.json(body);
  });

  router.get('/clusters', async (req, res) => {
    await authorize(req, meshClusterReadPermission);
    const body: ClusterListResponse = (await model.getModel()).clusters;
    res.json(body);
  });

  return router;
}
