import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { PermissionRuleset } from '@backstage/plugin-permission-node';
import {
  ClusterListResponse,
  MeshDetailResponse,
  MeshListResponse,
  meshClusterJoinPermission,
  meshClusterReadPermission,
  meshClusterRemovePermission,
  meshCreatePermission,
  meshDeletePermission,
  MeshMemberRequest,
  MeshRegistrationRequest,
  meshUpdatePermission,
  MeshUpdateRequest,
} from '@meshfleet/plugin-mesh-common';
import { MeshPermissionResource } from '@meshfleet/plugin-mesh-node';
import express, { Request, Response } from 'express';
import { auditMeshWrite } from '../audit/auditMeshWrite';
import { MeshStore } from '../database/MeshStore';
import { MeshModelSource } from '../model/MeshModelSource';
import { ObservabilityService, registerObservabilityRoutes } from '../observability';
import { MeshAuthorizer, MeshDecision } from '../permissions/MeshAuthorizer';
import { meshRecordResource } from '../permissions/meshResource';
import { policyConflictResponse, PolicyRoutesOptions, policyValidationResponse, registerPolicyRoutes } from '../policies/routes';
import type { PolicyService } from '../policies/PolicyService';
import { createOpenApiRouter } from '../schema/openapi.generated';
import { registerWorkloadRoutes, WorkloadService } from '../workloads';
import { registerComponentServicesRoute } from './componentServicesRoute';
import { conflictResponse } from './conflictResponse';
import { parseIfMatch, toETag } from './etag';
import { MeshReader } from './MeshReader';
import { MeshGuard, MeshRegistry } from './MeshRegistry';
import { OperationRoutesOptions, registerOperationRoutes } from './operationsRoutes';
import { toMeshView } from './views';

/** What the mesh backend's routes need. */
export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** The `mesh` resource type's rules, to apply conditional decisions locally. */
  permissionRuleset: PermissionRuleset<MeshPermissionResource>;
  auditor: AuditorService;
  events: EventsService;
  model: MeshModelSource;
  store: MeshStore;
  /** The mesh operations API (`/operations`); left out, those routes are not served. */
  operations?: OperationRoutesOptions;
  /** Topology, health, charts and dashboards from Prometheus and Grafana; left out, those routes are not served. */
  observability?: ObservabilityService;
  /** The meshes' Istio policies in their config clusters; left out, `/meshes/{meshId}/policies` is not served. */
  policies?: PolicyService;
  /** The policies' history, drift, impact preview and owner rule; left out, writes are audited only. */
  policyGovernance?: Pick<PolicyRoutesOptions, 'history' | 'drift' | 'namespaceOwners' | 'impactOf'>;
  /** Sidecar state of the meshes' workloads, read from the clusters; left out, `/meshes/{meshId}/workloads` is not served. */
  workloads?: WorkloadService;
}

/**
 * The mesh backend's REST API, mounted at `/api/mesh` and created from
 * `src/schema/openapi.yaml`: a request that breaks the document is refused
 * with a 400 naming the field before any handler runs. Every route but
 * `/health` requires a user or service token (Backstage's default auth
 * policy) and a permission decision.
 */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, permissions, permissionRuleset, auditor, model, store } = options;
  // Requests are validated against the document at run time. The handlers
  // are typed with mesh-common's interfaces rather than the router's types
  // inferred from the document (interfaces do not fit its open object types);
  // the tests check every response against the document instead.
  const router = (await createOpenApiRouter({
    // Authentication is Backstage's (httpAuth and the auth policy), not the validator's.
    validatorOptions: { validateSecurity: false },
  })) as unknown as express.Router;
  const authorizer = new MeshAuthorizer(permissions, permissionRuleset);
  const registry = new MeshRegistry(options);
  const reader = new MeshReader(authorizer, model, store);

  const credentialsOf = (req: Request) => httpAuth.credentials(req, { allow: ['user', 'service'] });
  const guard =
    (decision: MeshDecision): MeshGuard =>
    current =>
      decision.assert(meshRecordResource(current));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/meshes', async (req, res) => {
    const body: MeshListResponse = (await reader.readableMeshes(await credentialsOf(req))).map(toMeshView);
    res.json(body);
  });

  router.get('/meshes/:meshId', async (req, res) => {
    // A mesh the caller may not read is answered as absent (404), as the catalog does.
    const body: MeshDetailResponse = await reader.readableMesh(await credentialsOf(req), req.params.meshId);
    if (body.registration) {
      res.setHeader('ETag', toETag(body.registration.version));
    }
    res.json(body);
  });

  registerComponentServicesRoute(router, { reader, credentialsOf });
  if (options.observability) {
    registerObservabilityRoutes(router, {
      observability: options.observability,
      // The same mesh.read decision as GET /meshes/{meshId}: 404 when not readable.
      readableMesh: async (req, meshId) => reader.readableMesh(await credentialsOf(req), meshId),
    });
  }

  if (options.workloads) {
    registerWorkloadRoutes(router, {
      workloads: options.workloads,
      readableMesh: async (req, meshId) => reader.readableMesh(await credentialsOf(req), meshId),
    });
  }

  router.get('/clusters', async (req, res) => {
    await authorizer.assertBasic(meshClusterReadPermission, await credentialsOf(req));
    const body: ClusterListResponse = (await model.getModel()).clusters;
    res.json(body);
  });

  router.post('/meshes', async (req, res) => {
    const body = req.body as MeshRegistrationRequest;
    const created = await auditMeshWrite(
      auditor,
      { eventId: 'mesh-registration-create', severityLevel: 'medium', request: req, meshId: body.id },
      async () => {
        await authorizer.assertBasic(meshCreatePermission, await credentialsOf(req));
        return registry.register(body);
      },
    );
    res.status(201).setHeader('ETag', toETag(created.version)).json(created);
  });

  router.put('/meshes/:meshId', async (req, res) => {
    const { meshId } = req.params;
    const updated = await auditMeshWrite(
      auditor,
      { eventId: 'mesh-registration-update', severityLevel: 'medium', request: req, meshId },
      async () => {
        const decision = await authorizer.decideOrDeny(meshUpdatePermission, await credentialsOf(req));
        const version = parseIfMatch(req.header('if-match'), { required: true })!;
        return registry.update(meshId, version, req.body as MeshUpdateRequest, guard(decision));
      },
    );
    sendRecord(res, 200, updated);
  });

  router.delete('/meshes/:meshId', async (req, res) => {
    const { meshId } = req.params;
    await auditMeshWrite(
      auditor,
      { eventId: 'mesh-registration-delete', severityLevel: 'high', request: req, meshId },
      async () => {
        const decision = await authorizer.decideOrDeny(meshDeletePermission, await credentialsOf(req));
        const version = parseIfMatch(req.header('if-match'), { required: true })!;
        return registry.delete(meshId, version, guard(decision));
      },
    );
    res.status(204).end();
  });

  router.post('/meshes/:meshId/members', async (req, res) => {
    const { meshId } = req.params;
    const updated = await auditMeshWrite(
      auditor,
      { eventId: 'mesh-member-add', severityLevel: 'medium', request: req, meshId },
      async () => {
        const decision = await authorizer.decideOrDeny(meshClusterJoinPermission, await credentialsOf(req));
        const version = parseIfMatch(req.header('if-match'), { required: false });
        return registry.addMember(meshId, req.body as MeshMemberRequest, version, guard(decision));
      },
    );
    sendRecord(res, 201, updated);
  });

  router.delete('/meshes/:meshId/members/:cluster', async (req, res) => {
    const { meshId, cluster } = req.params;
    const updated = await auditMeshWrite(
      auditor,
      { eventId: 'mesh-member-remove', severityLevel: 'medium', request: req, meshId },
      async () => {
        const decision = await authorizer.decideOrDeny(meshClusterRemovePermission, await credentialsOf(req));
        const version = parseIfMatch(req.header('if-match'), { required: false });
        return registry.removeMember(meshId, cluster, version, guard(decision));
      },
    );
    sendRecord(res, 200, updated);
  });

  if (options.operations) {
    registerOperationRoutes(router, options, options.operations);
  }
  if (options.policies) {
    registerPolicyRoutes(router, {
      ...options.policyGovernance,
      policies: options.policies,
      authorizer,
      auditor,
      logger: options.logger,
      credentialsOf,
      readableMesh: (credentials, meshId) => reader.readableMesh(credentials, meshId),
    });
  }

  router.use(conflictResponse);
  router.use(policyConflictResponse);
  router.use(policyValidationResponse);
  return router;
}

function sendRecord(res: Response, status: number, record: { version: number }): void {
  res.status(status).setHeader('ETag', toETag(record.version)).json(record);
}
