import { AuditorService, BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotImplementedError } from '@backstage/errors';
import type { MeshDetailResponse, MeshPolicyChangesQuery, MeshPolicyRef } from '@meshfleet/plugin-mesh-common';
import express, { Request } from 'express';
import { principalOf } from '../operations/OperationAccess';
import type { PolicyDrift } from './drift/PolicyDrift';
import type { PolicyHistory } from './history/PolicyHistory';
import { PolicyKind, policyKindNamed } from './policyKinds';

/** What the history and drift routes need. */
export interface GovernanceRoutesOptions {
  auditor: AuditorService;
  history: PolicyHistory;
  drift?: PolicyDrift;
  credentialsOf(req: Request): Promise<BackstageCredentials>;
  readableMesh(credentials: BackstageCredentials, meshId: string): Promise<MeshDetailResponse>;
  /** The policy write decision for these targets (NotAllowedError otherwise). */
  mayWrite(credentials: BackstageCredentials, mesh: MeshDetailResponse, targets: { kind: PolicyKind; namespace: string }[]): Promise<void>;
}

function changesQuery(query: Request['query']): MeshPolicyChangesQuery {
  const text = (name: string) => (typeof query[name] === 'string' && query[name] !== '' ? (query[name] as string) : undefined);
  const limit = text('limit');
  return {
    kind: text('kind') as MeshPolicyChangesQuery['kind'],
    namespace: text('namespace'),
    name: text('name'),
    limit: limit ? Number(limit) : undefined,
  };
}

/**
 * The mesh's policy history (`GET .../policies/changes`, `mesh.read`) and
 * drift (`GET .../policies/drift`, `mesh.read`; adopt and revert take the
 * policy's write permission for its namespace, are audited and recorded).
 */
export function registerGovernanceRoutes(router: express.Router, options: GovernanceRoutesOptions): void {
  const { auditor, history, credentialsOf, readableMesh } = options;

  router.get('/meshes/:meshId/policies/changes', async (req, res) => {
    const mesh = await readableMesh(await credentialsOf(req), req.params.meshId);
    res.json({ changes: await history.list(mesh.id, changesQuery(req.query)) });
  });

  const drift = () => {
    if (!options.drift) throw new NotImplementedError('policy drift is not available in this backend');
    return options.drift;
  };

  router.get('/meshes/:meshId/policies/drift', async (req, res) => {
    const mesh = await readableMesh(await credentialsOf(req), req.params.meshId);
    res.json({ items: await drift().list(mesh) });
  });

  for (const verb of ['adopt', 'revert'] as const) {
    router.post(`/meshes/:meshId/policies/drift/${verb}`, async (req, res) => {
      const { meshId } = req.params;
      const ref = req.body as MeshPolicyRef;
      const policy = `${ref.kind} ${ref.namespace}/${ref.name}`;
      const event = await auditor.createEvent({
        eventId: `mesh-policy-drift-${verb}`,
        severityLevel: 'medium',
        request: req,
        meta: { meshId, policy },
      });
      try {
        const credentials = await credentialsOf(req);
        const mesh = await readableMesh(credentials, meshId);
        await options.mayWrite(credentials, mesh, [{ kind: policyKindNamed(ref.kind)!, namespace: ref.namespace }]);
        const actor = principalOf(credentials);
        const change = verb === 'adopt' ? await drift().adopt(mesh, ref, actor) : await drift().revert(mesh, ref, actor);
        await event.success({ meta: { meshId, policy, changeId: change.id } });
        res.json(change);
      } catch (error) {
        await event.fail({ error: error as Error, meta: { meshId, policy } });
        throw error;
      }
    });
  }
}
