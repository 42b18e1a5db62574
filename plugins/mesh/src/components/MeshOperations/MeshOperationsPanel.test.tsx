import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { MeshApi, MeshOperation } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MeshOperationsPanel } from './MeshOperationsPanel';
import { failedJoin, runningJoin, succeededCreate } from './testOperations';

function meshApi(lists: MeshOperation[][], overrides: Partial<MeshApi> = {}) {
  let reads = 0;
  return {
    listOperations: jest.fn(async () => lists[Math.min(reads++, lists.length - 1)]),
    getOperationLog: jest.fn(async () => ({ entries: [], nextSeq: 3, done: true })),
    retryOperation: jest.fn(async () => ({ ...failedJoin, status: 'pending' as const })),
    ...overrides,
  } as unknown as MeshApi & { listOperations: jest.Mock; getOperationLog: jest.Mock; retryOperation: jest.Mock };
}

const allow = mockApis.permission({ authorize: AuthorizeResult.ALLOW });
const deny = mockApis.permission({ authorize: AuthorizeResult.DENY });

describe('MeshOperationsPanel', () => {
  it('lists the operations with status, progress, who asked and when; a failed one with its error and hint', async () => {
    const api = meshApi([[failedJoin, succeededCreate]]);
    await renderInTestApp(<MeshOperationsPanel meshId="payments" />, { apis: [[meshApiRef, api], [permissionApiRef, allow]] });

    const failed = (await screen.findByText('Onboard cluster west')).closest('tr')!;
    expect(within(failed).getByText('Failed')).toBeInTheDocument();
    expect(within(failed).getByText('1 of 3 steps done; failed: install in east')).toBeInTheDocument();
    expect(
      within(failed).getByText('helm upgrade --install istiod-remote failed: timed out Hint: Look at the pods of istio-system in west, then retry'),
    ).toBeInTheDocument();
    expect(within(failed).getByText('user:default/alice')).toBeInTheDocument();
    expect(within(failed).getByText('2026-12-01 09:00:00 UTC')).toBeInTheDocument();
    const created = screen.getByText('Create the mesh').closest('tr')!;
    expect(within(created).getByText('Succeeded')).toBeInTheDocument();
    expect(within(created).getByText('2 of 2 steps done')).toBeInTheDocument();
    expect(api.listOperations).toHaveBeenCalledWith({ meshId: 'payments', limit: 20 }, expect.anything());
  });

  it('retries a failed operation when the user may, and reads the list again', async () => {
    const api = meshApi([[failedJoin], [{ ...failedJoin, status: 'pending', error: undefined }], [{ ...failedJoin, status: 'succeeded', error: undefined }]]);
    await renderInTestApp(<MeshOperationsPanel meshId="payments" />, { apis: [[meshApiRef, api], [permissionApiRef, allow]] });

    await userEvent.click(await screen.findByRole('button', { name: 'Retry from the failed step' }));

    expect(api.retryOperation).toHaveBeenCalledWith('op-failed');
    expect(await screen.findByText('Succeeded')).toBeInTheDocument();
  });

  it('offers no retry without the permission of the operation kind', async () => {
    // Another mesh than the tests before: usePermission caches decisions by
    // permission and resource (SWR), and the decision here must be this test's.
    const orders = { ...failedJoin, meshId: 'orders' };
    const authorize = jest.spyOn(deny, 'authorize');
    await renderInTestApp(<MeshOperationsPanel meshId="orders" />, {
      apis: [[meshApiRef, meshApi([[orders]])], [permissionApiRef, deny]],
    });
    expect(await screen.findByText('Onboard cluster west')).toBeInTheDocument();
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith(expect.objectContaining({ resourceRef: 'orders' })),
    );
    await act(async () => {}); // let the decision render
    expect(screen.getByText('Failed')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry from the failed step' })).not.toBeInTheDocument();
  });

  it('follows a running operation through its log (a long poll) until it ends', async () => {
    const done = { ...runningJoin, status: 'succeeded' as const, steps: runningJoin.steps.map(s => ({ ...s, status: 'succeeded' as const })) };
    // The long poll answers only when the test says the operation wrote its last line.
    let answerLog: () => void = () => {};
    const logAnswered = new Promise<void>(resolve => {
      answerLog = resolve;
    });
    const api = meshApi([[runningJoin], [done]], {
      getOperationLog: jest.fn(async () => {
        await logAnswered;
        return { entries: [], nextSeq: 3, done: true };
      }),
    });
    await renderInTestApp(<MeshOperationsPanel meshId="payments" />, { apis: [[meshApiRef, api], [permissionApiRef, allow]] });

    expect(await screen.findByText('1 of 3 steps done; running: install in east')).toBeInTheDocument();
    await waitFor(() => expect(api.getOperationLog).toHaveBeenCalledWith('op-running', { after: 0, waitSeconds: 25 }, expect.anything()));
    expect(api.listOperations).toHaveBeenCalledTimes(1);

    answerLog();
    expect(await screen.findByText('3 of 3 steps done')).toBeInTheDocument();
    expect(api.listOperations).toHaveBeenCalledTimes(2);
  });

  it('opens an operation to show its steps with what each did', async () => {
    await renderInTestApp(<MeshOperationsPanel meshId="payments" />, {
      apis: [[meshApiRef, meshApi([[succeededCreate]])], [permissionApiRef, allow]],
    });
    const row = (await screen.findByText('Create the mesh')).closest('tr')!;
    await userEvent.click(within(row).getAllByRole('button')[0]);
    expect(await screen.findByText('registered mesh payments')).toBeInTheDocument();
    expect(screen.getByText('Outputs: revision=default, controlPlaneAddress=10.0.0.7')).toBeInTheDocument();
  });

  it('says so when the mesh has no operations', async () => {
    await renderInTestApp(<MeshOperationsPanel meshId="payments" />, { apis: [[meshApiRef, meshApi([[]])], [permissionApiRef, allow]] });
    expect(await screen.findByText(/No operations yet/)).toBeInTheDocument();
  });
});
