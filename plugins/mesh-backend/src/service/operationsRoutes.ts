import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { MeshOperationStatus } from '@meshfleet/plugin-mesh-common';
import express, { Request } from 'express';
import { OperationService } from '../operations/OperationService';

/** What the operation routes need besides the shared router options. */
export interface OperationRoutesOptions {
  // The services' type is the kinds' business; the routes only pass requests on.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  operations: OperationService<any>;
}

/**
 * `/operations` on the mesh backend's router (validated against
 * openapi.yaml before these run): start (201, or 200 for an earlier
 * operation with the same Idempotency-Key or a dry run's plan), list, get,
 * the log's long poll, retry. Starts and retries are audited with the
 * request, refusals included; the runner audits each end.
 */
export function registerOperationRoutes(
  router: express.Router,
  shared: { httpAuth: HttpAuthService; auditor: AuditorService },
  { operations }: OperationRoutesOptions,
): void {
  const { httpAuth, auditor } = shared;
  const credentialsOf = (req: Request) => httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.post('/operations', async (req, res) => {
    // The validator may have turned the query value into a boolean already.
    const dryRun = String(req.query.dryRun) === 'true';
    const credentials = await credentialsOf(req);
    const signal = abortedWhenClosed(res);
    const idempotencyKey = req.header('idempotency-key') || undefined;
    if (dryRun) {
      const outcome = await operations.start(req.body, { credentials, dryRun, signal });
      res.status(200).json(outcome.type === 'plan' ? outcome.plan : undefined);
      return;
    }
    const body = req.body as { kind?: string };
    const event = await auditor.createEvent({
      eventId: 'mesh-operation-start',
      severityLevel: body.kind === 'mesh.delete' ? 'high' : 'medium',
      request: req,
      meta: { kind: String(body.kind), ...(idempotencyKey ? { idempotencyKey } : {}) },
    });
    try {
      const outcome = await operations.start(req.body, { credentials, idempotencyKey, signal });
      if (outcome.type === 'plan') {
        throw new Error('A start without dryRun answered a plan');
      }
      const { operation } = outcome;
      await event.success({
        meta: { operationId: operation.id, meshId: operation.meshId, kind: operation.kind, repeated: outcome.type === 'existing' },
      });
      res.status(outcome.type === 'started' ? 201 : 200).json(operation);
    } catch (error) {
      await event.fail({ error: error as Error, meta: { kind: String(body.kind) } });
      throw error;
    }
  });

  router.get('/operations', async (req, res) => {
    const { meshId, status, limit } = req.query as Record<string, string | number | undefined>;
    const filter = {
      ...(meshId ? { meshId: String(meshId) } : {}),
      ...(status ? { status: status as MeshOperationStatus } : {}),
      ...(limit ? { limit: Number(limit) } : {}),
    };
    res.json(await operations.list(filter, await credentialsOf(req)));
  });

  router.get('/operations/:operationId', async (req, res) => {
    res.json(await operations.get(req.params.operationId, await credentialsOf(req)));
  });

  router.get('/operations/:operationId/log', async (req, res) => {
    const { after, waitSeconds } = req.query as Record<string, string | number | undefined>;
    const query = { after: after ? Number(after) : 0, waitSeconds: waitSeconds ? Number(waitSeconds) : 0 };
    const signal = abortedWhenClosed(res);
    res.json(await operations.readLog(req.params.operationId, query, await credentialsOf(req), signal));
  });

  router.post('/operations/:operationId/retry', async (req, res) => {
    const { operationId } = req.params;
    const event = await auditor.createEvent({
      eventId: 'mesh-operation-retry',
      severityLevel: 'medium',
      request: req,
      meta: { operationId },
    });
    try {
      const operation = await operations.retry(operationId, await credentialsOf(req));
      await event.success({ meta: { operationId, meshId: operation.meshId, kind: operation.kind } });
      res.json(operation);
    } catch (error) {
      await event.fail({ error: error as Error, meta: { operationId } });
      throw error;
    }
  });
}

/** Aborted when the client goes away before the answer, so a long poll or a plan stops early. */
function abortedWhenClosed(res: express.Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded) {
      controller.abort();
    }
  });
  return controller.signal;
}
