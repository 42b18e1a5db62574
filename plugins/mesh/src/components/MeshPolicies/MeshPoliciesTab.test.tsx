import { renderInTestApp } from '@backstage/frontend-test-utils';
import { MeshApi } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockMeshApi } from '../../__fixtures__/fleet';
import { rootRouteRef } from '../../routes';
import {
  paymentsChanges,
  paymentsDrift,
  paymentsPolicies,
  reviewsVirtualService,
} from './__fixtures__/policies';
import { MeshPoliciesTab } from './MeshPoliciesTab';

const mountedRoutes = { '/mesh': rootRouteRef };

function policiesApi(overrides: Partial<MeshApi> = {}) {
  return mockMeshApi({
    listMeshPolicies: jest.fn(async () => paymentsPolicies),
    listMeshPolicyChanges: jest.fn(async () => ({ changes: paymentsChanges })),
    listMeshPolicyDrift: jest.fn(async () => ({ items: paymentsDrift })),
    ...overrides,
  });
}

/** The table whose title is `title` (Backstage's Table puts the title in a toolbar beside the table). */
function tableTitled(title: string | RegExp): HTMLElement {
  let element: HTMLElement | null = screen.getByText(title);
  while (element && !element.querySelector('table')) {
    element = element.parentElement;
  }
  return element!.querySelector('table')!;
}

/** The row of a table that shows all of `texts`. */
function rowWith(table: HTMLElement, ...texts: string[]): HTMLElement {
  const rows = within(table).getAllByRole('row').filter(row => texts.every(t => row.textContent?.includes(t)));
  expect(rows).toHaveLength(1);
  return rows[0];
}

async function renderTab(api: MeshApi) {
  await renderInTestApp(<MeshPoliciesTab meshId="payments" />, { apis: [[meshApiRef, api]], mountedRoutes });
}

describe('MeshPoliciesTab', () => {
  it('lists the policies in effect with their writers and Meshfleet\'s last change', async () => {
    await renderTab(policiesApi());
    expect(await screen.findByText('Policies (2), 1 with no effect')).toBeInTheDocument();
    expect(screen.getByText('Stored in mesh-cp, the cluster istiod reads its configuration from')).toBeInTheDocument();
    const policies = tableTitled(/^Policies \(2\)/);
    const vs = rowWith(policies, 'VirtualService', 'bookinfo/reviews');
    expect(within(vs).getByText('VirtualService')).toBeInTheDocument();
    expect(within(vs).getByText('meshfleet')).toBeInTheDocument();
    expect(within(vs).getByText('In effect')).toBeInTheDocument();
    expect(within(vs).getByText(/updated by user:default\/jane/)).toBeInTheDocument();
    const pa = rowWith(policies, 'PeerAuthentication', 'payments/default');
    expect(within(pa).getByText('kubectl-client-side-apply')).toBeInTheDocument();
  });

  it('flags policies found in member clusters as having no effect, without edit or delete', async () => {
    await renderTab(policiesApi());
    const row = (await screen.findByText('east')).closest('tr')!;
    expect(within(row).getByText('DestinationRule')).toBeInTheDocument();
    expect(within(row).getByText('No effect: istiod reads mesh-cp only')).toBeInTheDocument();
    expect(within(row).queryByRole('button')).not.toBeInTheDocument();
  });

  it('shows an unreadable cluster as degraded with its error, and lists the rest', async () => {
    await renderTab(policiesApi());
    expect(await screen.findByText(/Cluster west could not be read: connect ECONNREFUSED 10.0.0.7:6443/)).toBeInTheDocument();
    expect(screen.getByText('Degraded')).toBeInTheDocument();
    expect(within(tableTitled(/^Policies \(2\)/)).getAllByText('mesh-cp')).toHaveLength(2);
  });

  it('filters by kind and by namespace', async () => {
    await renderTab(policiesApi());
    await screen.findByText(/^Policies \(2\)/);
    await userEvent.click(screen.getByRole('button', { name: 'Kind All' }));
    await userEvent.click(within(screen.getByRole('listbox')).getByText('PeerAuthentication'));
    const policies = tableTitled(/^Policies \(2\)/);
    expect(within(policies).getByText('payments/default')).toBeInTheDocument();
    expect(within(policies).queryByText('bookinfo/reviews')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Namespace All' }));
    await userEvent.click(within(screen.getByRole('listbox')).getByText('bookinfo'));
    expect(screen.getByText('No policy matches the filters.')).toBeInTheDocument();
  });

  it('deletes with the resourceVersion read, and shows the current object on 409', async () => {
    const changed = { ...reviewsVirtualService, metadata: { ...reviewsVirtualService.metadata, resourceVersion: '1005' } };
    const deleteMeshPolicy = jest
      .fn()
      .mockRejectedValueOnce(Object.assign(new Error('conflict'), { statusCode: 409, body: { current: changed } }))
      .mockResolvedValueOnce(undefined);
    await renderTab(policiesApi({ deleteMeshPolicy }));
    await userEvent.click(await screen.findByRole('button', { name: 'Delete VirtualService bookinfo/reviews' }));
    const dialog = screen.getByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(deleteMeshPolicy).toHaveBeenCalledWith('payments', 'VirtualService', 'bookinfo', 'reviews', {
      resourceVersion: '1001',
    });
    expect(await within(dialog).findByText(/changed since you read it, so it was not deleted/)).toBeInTheDocument();
    expect(within(dialog).getByLabelText('current object')).toHaveTextContent('resourceVersion: "1005"');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Use this version' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(deleteMeshPolicy).toHaveBeenLastCalledWith('payments', 'VirtualService', 'bookinfo', 'reviews', {
      resourceVersion: '1005',
    });
  });

  it('lists drift with its reason and diff, and adopts after confirmation', async () => {
    const adoptMeshPolicyDrift = jest.fn(async () => paymentsChanges[0]);
    const api = policiesApi({ adoptMeshPolicyDrift });
    await renderTab(api);
    expect(await screen.findByText('Policy drift (1)')).toBeInTheDocument();
    const row = screen.getByText('Changed outside Meshfleet').closest('tr')!;
    await userEvent.click(within(row).getByRole('button', { name: 'Adopt' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText('Adopt PeerAuthentication payments/default?')).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Adopt' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(adoptMeshPolicyDrift).toHaveBeenCalledWith('payments', {
      kind: 'PeerAuthentication',
      namespace: 'payments',
      name: 'default',
    });
    // The lists are read again after the write.
    expect(api.listMeshPolicyDrift).toHaveBeenCalledTimes(2);
  });

  it('reverts after a confirmation that says what reverting does, and shows a refusal', async () => {
    const revertMeshPolicyDrift = jest.fn(async () => {
      throw new Error('Request failed with 403 Forbidden: mesh.policy.security.write denied');
    });
    await renderTab(policiesApi({ revertMeshPolicyDrift }));
    const row = (await screen.findByText('Changed outside Meshfleet')).closest('tr')!;
    await userEvent.click(within(row).getByRole('button', { name: 'Revert' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText(/writes PeerAuthentication payments\/default back to what Meshfleet last wrote/)).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revert' }));
    expect(revertMeshPolicyDrift).toHaveBeenCalledWith('payments', {
      kind: 'PeerAuthentication',
      namespace: 'payments',
      name: 'default',
    });
    expect((await within(dialog).findAllByText(/mesh.policy.security.write denied/)).length).toBeGreaterThan(0);
  });

  it('lists the history, newest first, with each diff on opening its row', async () => {
    await renderTab(policiesApi());
    expect(await screen.findByText('Policy history (2)')).toBeInTheDocument();
    const jane = rowWith(tableTitled('Policy history (2)'), 'user:default/jane');
    expect(within(jane).getByText('updated')).toBeInTheDocument();
    expect(within(jane).getByText('VirtualService bookinfo/reviews')).toBeInTheDocument();
    expect(within(jane).getByText('2026-12-01 10:05:00 UTC', { exact: false })).toBeInTheDocument();
    await userEvent.click(within(jane).getAllByRole('button')[0]);
    const diff = await screen.findByRole('group', { name: 'diff of updated VirtualService bookinfo/reviews' });
    expect(diff).toHaveTextContent('+ subset: v1');
    expect(diff).toHaveTextContent('- subset: v2');
  });

  it('says when there is no drift', async () => {
    await renderTab(policiesApi({ listMeshPolicyDrift: async () => ({ items: [] }) }));
    expect(await screen.findByText('No policy drift: mesh-cp has what Meshfleet last wrote.')).toBeInTheDocument();
  });
});
