import { AuditorService, BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import type { MeshDetailResponse, MeshPolicyConflictResponse } from '@meshfleet/plugin-mesh-common';
import express, { ErrorRequestHandler, Request } from 'express';
import type { MeshAuthorizer } from '../permissions/MeshAuthorizer';
import { meshViewResource } from '../permissions/meshResource';
import { PolicyConflictError } from './errors';
import { PolicyKind, policyKindNamed, writePermissionOf } from './policyKinds';
import { describePolicy, parsePolicyBatch } from './policyObjects';
import type { PolicyService } from './PolicyService';

/** What the policy routes need. */
export interface PolicyRoutesOptions {
  policies: PolicyService;
  authorizer: MeshAuthorizer;
  auditor: AuditorService;
  credentialsOf(req: Request): Promise<BackstageCredentials>;
  /** The mesh when these credentials may read it; NotFoundError otherwise (the `mesh.read` decision). */
  readableMesh(credentials: BackstageCredentials, meshId: string): Promise<MeshDetailResponse>;
}

function kindParam(value: string): PolicyKind {
  const kind = policyKindNamed(value);
  if (!kind) throw new InputError(`kind: '${value}' is not a policy kind Meshfleet manages`);
  return kind;
}

/**
 * Writes take the traffic or security policy permission for every area the
 * batch touches, decided for this mesh (so a conditional policy can allow a
 * team its own meshes only).
 */
async function assertMayWrite(options: PolicyRoutesOptions, credentials: BackstageCredentials, mesh: MeshDetailResponse, kinds: PolicyKind[]) {
  for (const area of [...new Set(kinds.map(k => k.area))]) {
    const decision = await options.authorizer.decideOrDeny(writePermissionOf(area), credentials);
    decision.assert(meshViewResource(mesh));
  }
}

/**
 * `/meshes/{meshId}/policies` on the mesh backend's router (validated against
 * openapi.yaml first): list, read, apply (a batch, with dry run) and delete
 * the mesh's Istio policies in its config cluster. Reads take `mesh.read`
 * (an unreadable mesh is 404); writes are audited, refusals included.
 */
export function registerPolicyRoutes(router: express.Router, options: PolicyRoutesOptions): void {
  const { policies, auditor, credentialsOf, readableMesh } = options;

  router.get('/meshes/:meshId/policies', async (req, res) => {
    const mesh = await readableMesh(await credentialsOf(req), req.params.meshId);
    res.json(await policies.list(mesh));
  });

  router.get('/meshes/:meshId/policies/:kind/:namespace/:name', async (req, res) => {
    const { meshId, kind, namespace, name } = req.params;
    const mesh = await readableMesh(await credentialsOf(req), meshId);
    res.json(await policies.get(mesh, kindParam(kind), namespace, name));
  });

  router.post('/meshes/:meshId/policies/apply', async (req, res) => {
    const { meshId } = req.params;
    const dryRun = req.body?.dryRun === true;
    const event = await auditor.createEvent({
      eventId: 'mesh-policy-apply',
      severityLevel: dryRun ? 'low' : 'medium',
      request: req,
      meta: { meshId, dryRun },
    });
    try {
      const credentials = await credentialsOf(req);
      const mesh = await readableMesh(credentials, meshId);
      const objects = parsePolicyBatch(req.body?.objects);
      await assertMayWrite(options, credentials, mesh, objects.map(o => policyKindNamed(o.kind)!));
      const result = await policies.apply(mesh, objects, { dryRun });
      const changes = result.results.map(r => `${r.action} ${describePolicy(r.policy)}`);
      await event.success({ meta: { meshId, dryRun, configCluster: result.configCluster, changes } as JsonObject });
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error, meta: { meshId, dryRun } });
      throw error;
    }
  });

  router.delete('/meshes/:meshId/policies/:kind/:namespace/:name', async (req, res) => {
    const { meshId, kind, namespace, name } = req.params;
    const resourceVersion = typeof req.query.resourceVersion === 'string' ? req.query.resourceVersion : undefined;
    const event = await auditor.createEvent({
      eventId: 'mesh-policy-delete',
      severityLevel: 'medium',
      request: req,
      meta: { meshId, policy: `${kind} ${namespace}/${name}` },
    });
    try {
      const credentials = await credentialsOf(req);
      const mesh = await readableMesh(credentials, meshId);
      const policyKind = kindParam(kind);
      await assertMayWrite(options, credentials, mesh, [policyKind]);
      await policies.delete(mesh, policyKind, namespace, name, resourceVersion);
      await event.success({ meta: { meshId, policy: `${kind} ${namespace}/${name}` } });
      res.status(204).end();
    } catch (error) {
      await event.fail({ error: error as Error, meta: { meshId, policy: `${kind} ${namespace}/${name}` } });
      throw error;
    }
  });
}

/** Answers a stale policy write with 409 and the object as it is now. */
export const policyConflictResponse: ErrorRequestHandler = (error, req, res, next) => {
  if (!(error instanceof PolicyConflictError) || res.headersSent) {
    next(error);
    return;
  }
  const body: MeshPolicyConflictResponse = {
    error: { name: 'ConflictError', message: error.message },
    request: { method: req.method, url: req.url },
    response: { statusCode: 409 },
    ...(error.current ? { current: error.current } : {}),
  };
  res.status(409).json(body);
};
