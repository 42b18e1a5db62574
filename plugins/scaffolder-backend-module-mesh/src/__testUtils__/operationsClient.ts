import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { MeshApi, MeshOperation, MeshOperationPlan } from '@meshfleet/plugin-mesh-common';

/** An operation as the operations API answers it once ended, with these outputs. */
export function endedOperation(kind: MeshOperation['kind'], outputs: MeshOperation['outputs']): MeshOperation {
  return {
    id: 'op-1',
    meshId: 'demo',
    kind,
    status: 'succeeded',
    params: {},
    requestedBy: 'user:default/mock',
    createdAt: '2026-12-02T12:00:00Z',
    steps: [],
    outputs,
  } as MeshOperation;
}

/**
 * A stand-in of the operations client for the actions' request and output
 * tests: a start answers `plan` in a dry run and the operation pending
 * otherwise, the log ends at once, a read answers `answer`. The operation
 * kinds themselves run against the fleet in the mesh backend's tests.
 */
export function operationsClientStub(answer: MeshOperation, plan?: MeshOperationPlan) {
  const api = {
    startOperation: jest.fn(async (_request: unknown, start?: { dryRun?: boolean }) =>
      start?.dryRun ? plan : { ...answer, status: 'pending' },
    ),
    getOperationLog: jest.fn(async () => ({ entries: [], nextSeq: 0, done: true })),
    getOperation: jest.fn(async () => answer),
    retryOperation: jest.fn(),
  };
  return { api, options: { client: api as unknown as MeshApi, auth: mockServices.auth(), catalog: catalogServiceMock() } };
}
