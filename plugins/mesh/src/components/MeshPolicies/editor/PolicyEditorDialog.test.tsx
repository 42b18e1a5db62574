import { renderInTestApp } from '@backstage/frontend-test-utils';
import { MeshPolicyMessage } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockMeshApi } from '../../../__fixtures__/fleet';
import { rootRouteRef } from '../../../routes';
import { PolicyEditorDialog } from './PolicyEditorDialog';

const mountedRoutes = { '/mesh': rootRouteRef };

const canary = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts: [reviews]
  http:
    - route:
        - destination: { host: reviews, subset: v1 }
          weight: 90
        - destination: { host: reviews, subset: v3 }
          weight: 20
`;

const weights: MeshPolicyMessage = {
  code: 'MSH0001',
  level: 'error',
  layer: 'analysis',
  kind: 'VirtualService',
  namespace: 'bookinfo',
  name: 'reviews',
  objectIndex: 0,
  field: 'spec.http[0].route[1].weight',
  message: 'route weights sum to 110, not 100',
  fix: 'make the weights of spec.http[0].route sum to 100',
};

const subset: MeshPolicyMessage = {
  code: 'IST0101',
  level: 'warning',
  layer: 'analysis',
  kind: 'VirtualService',
  namespace: 'bookinfo',
  name: 'reviews',
  objectIndex: 0,
  field: 'spec.http[0].route[1].destination.subset',
  message: 'Referenced host+subset in destinationrule not found: "reviews+v3"',
};

async function renderEditor(text: string, validateMeshPolicies = jest.fn()) {
  const api = mockMeshApi({ validateMeshPolicies });
  await renderInTestApp(
    <PolicyEditorDialog meshId="payments" title="Edit" initialText={text} onClose={jest.fn()} onApplied={jest.fn()} />,
    { apis: [[meshApiRef, api]], mountedRoutes },
  );
}

describe('PolicyEditorDialog', () => {
  it('validates the documents with the mesh backend and lists each finding at the line of its field', async () => {
    const validateMeshPolicies = jest.fn(async () => ({ valid: false, messages: [weights, subset] }));
    await renderEditor(canary, validateMeshPolicies);
    const findings = await screen.findByRole('list', { name: 'Validation findings' }, { timeout: 5000 });
    expect(validateMeshPolicies).toHaveBeenCalledWith(
      'payments',
      { objects: [expect.objectContaining({ kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'bookinfo' } })] },
      { signal: expect.any(AbortSignal) },
    );
    const [first, second] = within(findings).getAllByRole('button');
    expect(first).toHaveTextContent(
      'Line 13: MSH0001 route weights sum to 110, not 100 (spec.http[0].route[1].weight)',
    );
    expect(first).toHaveTextContent('Fix: make the weights of spec.http[0].route sum to 100');
    expect(second).toHaveTextContent('Warning');
    expect(second).toHaveTextContent('Line 12: IST0101 Referenced host+subset');
    // An error blocks the review; a warning alone would not.
    expect(screen.getByRole('button', { name: 'Review and apply' })).toBeDisabled();
  });

  it('reports a YAML syntax error at its line without asking the backend', async () => {
    const validateMeshPolicies = jest.fn();
    await renderEditor('kind: VirtualService\nspec:\n  hosts: [reviews\n', validateMeshPolicies);
    const findings = await screen.findByRole('list', { name: 'Validation findings' }, { timeout: 5000 });
    expect(within(findings).getByRole('button')).toHaveTextContent(/Error.*Line \d: YAML: /);
    expect(validateMeshPolicies).not.toHaveBeenCalled();
  });

  it('sends a multi-document text as one batch and enables the review when nothing is wrong', async () => {
    const validateMeshPolicies = jest.fn(async () => ({ valid: true, messages: [] }));
    const destinationRule = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: reviews, namespace: bookinfo }\nspec: { host: reviews }\n';
    await renderEditor(`${canary}---\n${destinationRule}---\n`, validateMeshPolicies);
    await waitFor(() => expect(validateMeshPolicies).toHaveBeenCalledTimes(1), { timeout: 5000 });
    const { objects } = (validateMeshPolicies.mock.calls[0] as unknown[])[1] as { objects: Array<{ kind: string }> };
    expect(objects.map(o => o.kind)).toEqual(['VirtualService', 'DestinationRule']);
    expect(screen.getByRole('button', { name: 'Review and apply' })).toBeEnabled();
  });

  it('reviews the batch with a dry run, then applies it', async () => {
    const applyMeshPolicies = jest.fn(async (_meshId: string, request: { dryRun?: boolean }) => ({
      dryRun: !!request.dryRun,
      configCluster: 'mesh-cp',
      results: [
        {
          action: 'updated' as const,
          policy: {
            apiVersion: 'networking.istio.io/v1',
            kind: 'VirtualService',
            metadata: { name: 'reviews', namespace: 'bookinfo' },
            spec: {},
            cluster: 'mesh-cp',
            managedBy: ['meshfleet'],
          },
          diff: '@@ -1 +1 @@\n-weight: 100\n+weight: 90\n',
        },
      ],
      warnings: [],
      messages: [],
      impact: { clusters: [], services: [], workloads: [], edges: [], notes: [] },
    }));
    const onApplied = jest.fn();
    const api = mockMeshApi({
      validateMeshPolicies: async () => ({ valid: true, messages: [] }),
      applyMeshPolicies: applyMeshPolicies as never,
    });
    await renderInTestApp(
      <PolicyEditorDialog meshId="payments" title="Edit" initialText={canary} onClose={jest.fn()} onApplied={onApplied} />,
      { apis: [[meshApiRef, api]], mountedRoutes },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Review and apply' }));
    expect(await screen.findByRole('group', { name: /diff of updated: VirtualService/ })).toHaveTextContent('+weight: 90');
    expect(applyMeshPolicies).toHaveBeenLastCalledWith('payments', expect.objectContaining({ dryRun: true }));
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Applied in mesh-cp: updated VirtualService');
    expect(onApplied).toHaveBeenCalledTimes(1);
    expect(applyMeshPolicies).toHaveBeenLastCalledWith('payments', { objects: [expect.objectContaining({ kind: 'VirtualService' })] });
  });
});
