import { AuditorService, BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import type {
  MeshDetailResponse,
  MeshPolicyApplyResponse,
  MeshPolicyConflictResponse,
  MeshPolicyImpact,
  MeshPolicyKind,
  MeshPolicyValidationErrorResponse,
} from '@meshfleet/plugin-mesh-common';
import express, { ErrorRequestHandler, Request } from 'express';
import { principalOf } from '../operations/OperationAccess';
import type { MeshAuthorizer } from '../permissions/MeshAuthorizer';
import type { NamespaceOwners } from '../permissions/policyWriteResource';
import type { PolicyDrift } from './drift/PolicyDrift';
import { PolicyConflictError, PolicyValidationError } from './errors';
import { registerGovernanceRoutes } from './governanceRoutes';
import { PolicyChangeEntry, PolicyHistory } from './history/PolicyHistory';
import { contentOf, policyDiff } from './history/policyDiff';
import { recordPolicyWrite } from './history/recordWrite';
import { PolicyKind, policyKindNamed } from './policyKinds';
import { describePolicy, parsePolicyBatch, PolicyObject } from './policyObjects';
import type { PolicyService } from './PolicyService';
import { assertMayWritePolicies } from './writeAccess';

/** What the policy routes need. */
export interface PolicyRoutesOptions {
  policies: PolicyService;
  authorizer: MeshAuthorizer;
  auditor: AuditorService;
  /** Where a write that could not be recorded in the history is logged. */
  logger?: LoggerService;
  credentialsOf(req: Request): Promise<BackstageCredentials>;
  /** The mesh when these credentials may read it; NotFoundError otherwise (the `mesh.read` decision). */
  readableMesh(credentials: BackstageCredentials, meshId: string): Promise<MeshDetailResponse>;
  /** What an apply's objects touch (services, workloads, clusters, traffic); left out, the preview says so. */
  impactOf?(mesh: MeshDetailResponse, objects: PolicyObject[]): Promise<MeshPolicyImpact>;
  /** The policy history; left out, writes are audited only and the history and drift routes are not served. */
  history?: PolicyHistory;
  /** Drift from what Meshfleet last wrote; needs `history`. */
  drift?: PolicyDrift;
  /** The owners of a namespace's Components, for the owner rule; left out, that rule never matches. */
  namespaceOwners?: NamespaceOwners;
}

const NO_IMPACT: MeshPolicyImpact = { clusters: [], services: [], workloads: [], edges: [], notes: ['impact preview is not available'] };

function kindParam(value: string): PolicyKind {
  const kind = policyKindNamed(value);
  if (!kind) throw new InputError(`kind: '${value}' is not a policy kind Meshfleet manages`);
  return kind;
}

/** The history entries of an apply: what it created or updated (an unchanged object is no change). */
function appliedChanges(actor: string, result: Omit<MeshPolicyApplyResponse, 'impact'>): PolicyChangeEntry[] {
  return result.results
    .filter(r => r.action !== 'unchanged')
    .map(r => ({
      actor,
      action: r.action as 'created' | 'updated',
      kind: r.policy.kind as MeshPolicyKind,
      namespace: r.policy.metadata.namespace,
      name: r.policy.metadata.name,
      diff: r.diff,
      after: contentOf(r.policy),
    }));
}

/** The history entry of a delete. */
function deletedChange(
  actor: string,
  kind: PolicyKind,
  namespace: string,
  name: string,
  before: ReturnType<typeof contentOf>,
): PolicyChangeEntry {
  const diff = policyDiff(`${kind.kind}/${namespace}/${name}`, before, undefined);
  return { actor, action: 'deleted', kind: kind.kind as MeshPolicyKind, namespace, name, diff, after: undefined };
}

/**
 * `/meshes/{meshId}/policies` on the mesh backend's router (validated against
 * openapi.yaml first): list, read, validate, apply (a batch, with dry run)
 * and delete the mesh's Istio policies in its config cluster, and the
 * history and drift routes. Reads and validation take `mesh.read` (an
 * unreadable mesh is 404); writes take the policy write permission for each
 * target namespace, are audited (refusals included) and recorded.
 */
export function registerPolicyRoutes(router: express.Router, options: PolicyRoutesOptions): void {
  const { policies, auditor, credentialsOf, readableMesh, history } = options;
  const mayWrite = (credentials: BackstageCredentials, mesh: MeshDetailResponse, targets: { kind: PolicyKind; namespace: string }[]) =>
    assertMayWritePolicies(options.authorizer, options.namespaceOwners, credentials, mesh, targets);

  router.get('/meshes/:meshId/policies', async (req, res) => {
    const mesh = await readableMesh(await credentialsOf(req), req.params.meshId);
    res.json(await policies.list(mesh));
  });

  // Validation is read-only (agents and editors call it as a user types): mesh.read, not audited.
  router.post('/meshes/:meshId/policies/validate', async (req, res) => {
    const mesh = await readableMesh(await credentialsOf(req), req.params.meshId);
    res.json(await policies.validate(mesh, req.body.objects as unknown[]));
  });

  if (history) {
    registerGovernanceRoutes(router, { ...options, history, mayWrite });
  }

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
      await mayWrite(credentials, mesh, objects.map(o => ({ kind: policyKindNamed(o.kind)!, namespace: o.metadata.namespace })));
      const outcome = await policies.apply(mesh, objects, { dryRun });
      const unrecorded = dryRun
        ? undefined
        : await recordPolicyWrite(history, meshId, appliedChanges(principalOf(credentials), outcome), options.logger);
      const impact = options.impactOf ? await options.impactOf(mesh, objects) : NO_IMPACT;
      const warnings = unrecorded ? [...outcome.warnings, unrecorded] : outcome.warnings;
      const result: MeshPolicyApplyResponse = { ...outcome, warnings, impact };
      const changes = result.results.map(r => `${r.action} ${describePolicy(r.policy)}`);
      const recorded = !unrecorded;
      await event.success({ meta: { meshId, dryRun, configCluster: result.configCluster, changes, recorded } as JsonObject });
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
      await mayWrite(credentials, mesh, [{ kind: policyKind, namespace }]);
      const deleted = await policies.delete(mesh, policyKind, namespace, name, resourceVersion);
      const change = deletedChange(principalOf(credentials), policyKind, namespace, name, contentOf(deleted));
      const unrecorded = await recordPolicyWrite(history, meshId, [change], options.logger);
      // A 204 has no body for the warning; the auditor event and the log carry it.
      await event.success({ meta: { meshId, policy: `${kind} ${namespace}/${name}`, recorded: !unrecorded } });
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

/** Answers a write refused by validation with 400 and every finding (nothing was applied). */
export const policyValidationResponse: ErrorRequestHandler = (error, req, res, next) => {
  if (!(error instanceof PolicyValidationError) || res.headersSent) {
    next(error);
    return;
  }
  const body: MeshPolicyValidationErrorResponse = {
    error: { name: 'InputError', message: error.message },
    request: { method: req.method, url: req.url },
    response: { statusCode: 400 },
    messages: error.messages,
  };
  res.status(400).json(body);
};
