import type { MeshOperation, MeshOperationLogEntry } from '@meshfleet/plugin-mesh-common';
import type { Server } from 'node:http';
import request from 'supertest';

/** The operations API as the lifecycle fleet tests drive it (as the scaffolder actions do). */
export interface OperationsApi {
  /** Starts an operation; the answer must be 201. */
  start(body: object): Promise<MeshOperation>;
  /** Follows the operation's log until it has ended and returns the operation as it ended. */
  finished(operation: MeshOperation): Promise<MeshOperation>;
  /** Starts an operation and expects it to succeed. */
  succeeded(body: object): Promise<MeshOperation>;
}

/**
 * The operations API of a started test backend. `server` is read on each call
 * (tests start the backend in `beforeAll`); every log entry read is handed to
 * `onLog` with its operation's id, so a test can keep or search them.
 */
export function operationsApi(
  server: () => Server,
  authorization: string,
  onLog: (operationId: string, entries: MeshOperationLogEntry[]) => void = () => {},
): OperationsApi {
  async function start(body: object): Promise<MeshOperation> {
    const response = await request(server()).post('/api/mesh/operations').set('Authorization', authorization).send(body);
    expect([response.status, response.body?.error?.message]).toEqual([201, undefined]);
    return response.body;
  }

  async function finished(operation: MeshOperation): Promise<MeshOperation> {
    let after = 0;
    for (;;) {
      const response = await request(server())
        .get(`/api/mesh/operations/${operation.id}/log?after=${after}&waitSeconds=20`)
        .set('Authorization', authorization);
      expect(response.status).toBe(200);
      onLog(operation.id, response.body.entries);
      after = response.body.nextSeq;
      if (response.body.done) break;
    }
    return (await request(server()).get(`/api/mesh/operations/${operation.id}`).set('Authorization', authorization)).body;
  }

  async function succeeded(body: object): Promise<MeshOperation> {
    const operation = await finished(await start(body));
    expect([operation.status, operation.error]).toEqual(['succeeded', undefined]);
    return operation;
  }

  return { start, finished, succeeded };
}
