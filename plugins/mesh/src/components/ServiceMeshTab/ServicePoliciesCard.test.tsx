import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  ComponentService,
  MeshApi,
  MeshPolicy,
  MeshPolicyApplyRequest,
  MeshPolicyApplyResponse,
  MeshPolicyMessage,
} from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockMeshApi, shopMeshDetail } from '../../__fixtures__/fleet';
import { ServicePoliciesCard } from './ServicePoliciesCard';

const catalog: ComponentService = {
  meshId: 'shop',
  meshTitle: 'Shop',
  namespace: 'shop',
  name: 'catalog',
  hostname: 'catalog.shop.svc.cluster.local',
  clusters: [{ cluster: 'shop-cp', injected: true }],
};

function policy(
  kind: string,
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
  resourceVersion = '100',
): MeshPolicy {
  const apiVersion =
    kind.endsWith('Service') || kind.endsWith('Rule')
      ? 'networking.istio.io/v1'
      : 'security.istio.io/v1';
  return {
    apiVersion,
    kind,
    metadata: { name, namespace, resourceVersion },
    spec,
    cluster: 'shop-cp',
    managedBy: ['meshfleet'],
  };
}

const catalogRoutes = policy(
  'VirtualService',
  'shop',
  'catalog-routes',
  {
    hosts: ['catalog'],
    http: [{ route: [{ destination: { host: 'catalog' } }] }],
  },
  '4711',
);
const policies = [
  catalogRoutes,
  policy('PeerAuthentication', 'shop', 'default', {
    mtls: { mode: 'PERMISSIVE' },
  }),
  policy('PeerAuthentication', 'istio-system', 'default', {
    mtls: { mode: 'STRICT' },
  }),
  policy('AuthorizationPolicy', 'shop', 'cart-allow', {
    selector: { matchLabels: { app: 'cart' } },
    action: 'ALLOW',
  }),
];

const warning: MeshPolicyMessage = {
  code: 'IST0173',
  level: 'warning',
  layer: 'analysis',
  kind: 'DestinationRule',
  namespace: 'shop',
  name: 'catalog',
  objectIndex: 0,
  field: 'spec.subsets[1]',
  message: 'subset v2 selects no pods in any cluster of the mesh',
  fix: 'deploy pods labelled version=v2, or change the subset’s labels',
};

/** What the backend answers an apply of `request`: every object created or updated, with a diff, the impact and the messages. */
function answer(
  request: MeshPolicyApplyRequest,
  messages: MeshPolicyMessage[] = [warning],
): MeshPolicyApplyResponse {
  return {
    dryRun: !!request.dryRun,
    configCluster: 'shop-cp',
    warnings: [],
    messages,
    results: request.objects.map(o => ({
      action: o.metadata.resourceVersion ? 'updated' : 'created',
      policy: {
        ...o,
        metadata: { ...o.metadata },
        cluster: 'shop-cp',
        managedBy: ['meshfleet'],
      },
      diff: `--- ${o.kind}\n+++ ${o.kind}\n@@ -1,1 +1,2 @@\n-spec: {}\n+spec:\n+  host: catalog`,
    })),
    impact: {
      clusters: ['shop-cp', 'shop-eu'],
      services: [{ cluster: 'shop-eu', namespace: 'shop', name: 'catalog' }],
      workloads: [
        { cluster: 'shop-eu', namespace: 'shop', name: 'catalog-v1' },
      ],
      edges: [
        {
          source: 'svc:shop:frontend',
          target: 'svc:shop:catalog',
          requestsPerSecond: 12.5,
          crossCluster: true,
        },
      ],
      window: '5m',
      notes: ['edges from the last 5m of istio_requests_total'],
    },
  };
}

function apiWith(overrides: Partial<MeshApi> = {}) {
  const applied: MeshPolicyApplyRequest[] = [];
  const api = mockMeshApi({
    getMesh: async () => shopMeshDetail,
    listMeshPolicies: jest.fn(async () => ({
      meshId: 'shop',
      configCluster: 'shop-cp',
      policies,
      ignored: [],
      unreadable: [],
    })),
    applyMeshPolicies: async (_meshId, request) => {
      applied.push(request);
      return answer(request);
    },
    ...overrides,
  });
  return { api, applied };
}

async function renderCard(api: MeshApi) {
  await renderInTestApp(<ServicePoliciesCard service={catalog} />, {
    apis: [[meshApiRef, api]],
  });
}

function httpError(
  statusCode: number,
  message: string,
  extra: Record<string, unknown> = {},
): Error {
  return Object.assign(
    new Error(`Request failed with ${statusCode}: ${message}`),
    {
      statusCode,
      body: { error: { message }, response: { statusCode } },
      ...extra,
    },
  );
}

async function openCanaryAndReview(weight = '20') {
  fireEvent.click(
    await screen.findByRole('button', { name: 'Canary release' }),
  );
  const dialog = await screen.findByRole('dialog');
  fireEvent.change(within(dialog).getByLabelText('Canary weight (%)'), {
    target: { value: weight },
  });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Review' }));
  return dialog;
}

describe('Policies card of the Service Mesh tab', () => {
  it('lists the policies that apply to the service with their scope, and not the others', async () => {
    await renderCard(apiWith().api);
    const table = await screen.findByRole('table');
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(r =>
        within(r)
          .getAllByRole('cell')
          .slice(0, 3)
          .map(c => c.textContent)
          .join(' '),
      );
    expect(rows).toEqual([
      'VirtualService shop/catalog-routes service',
      'PeerAuthentication shop/default namespace',
      'PeerAuthentication istio-system/default mesh',
    ]);
    const buttons = screen.getAllByRole('button').map(b => b.textContent);
    expect(buttons[0]).toBe('Canary release');
  });

  it('checks form fields as they are typed, naming the field and what is expected', async () => {
    await renderCard(apiWith().api);
    const dialog = await openCanaryAndReview('150');
    expect(
      within(dialog).getByText(
        'Canary weight: expected a whole number from 0 to 100, got "150"',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByLabelText('Canary weight (%)'),
    ).toBeInTheDocument();
  });

  it('reviews a canary (findings by object, impact, diff), applies it and lists what was created and updated', async () => {
    const { api, applied } = apiWith();
    await renderCard(api);
    const dialog = await openCanaryAndReview('20');

    expect(
      await within(dialog).findByRole('group', {
        name: 'findings for DestinationRule shop/catalog',
      }),
    ).toHaveTextContent(
      /IST0173.*spec\.subsets\[1\].*selects no pods.*Fix: deploy pods/,
    );
    const impact = within(dialog).getByTestId('impact-preview');
    expect(
      within(impact).getByRole('table', { name: 'traffic edges' }),
    ).toHaveTextContent('shop/frontendshop/catalog12.5cross-cluster');
    expect(impact).toHaveTextContent('Clusters: shop-cp, shop-eu');
    expect(
      within(dialog).getByRole('group', {
        name: 'diff of updated: VirtualService shop/catalog-routes',
      }),
    ).toHaveTextContent('+ host: catalog');

    // The dry run got the DestinationRule and the existing VirtualService merged, at the version read.
    expect(applied[0].dryRun).toBe(true);
    expect(
      applied[0].objects.map(
        o =>
          `${o.kind} ${o.metadata.name} ${o.metadata.resourceVersion ?? 'new'}`,
      ),
    ).toEqual([
      'DestinationRule catalog new',
      'VirtualService catalog-routes 4711',
    ]);
    expect((applied[0].objects[1].spec.http as any)[0].route).toEqual([
      {
        destination: { host: 'catalog.shop.svc.cluster.local', subset: 'v1' },
        weight: 80,
      },
      {
        destination: { host: 'catalog.shop.svc.cluster.local', subset: 'v2' },
        weight: 20,
      },
    ]);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    expect(await within(dialog).findByRole('status')).toHaveTextContent(
      'Applied in shop-cp: created DestinationRule shop/catalog; updated VirtualService shop/catalog-routes',
    );
    expect(applied[1].dryRun).toBeUndefined();
    expect(applied[1].objects).toEqual(applied[0].objects);
    // The card reads the policies again.
    await waitFor(() => expect(api.listMeshPolicies).toHaveBeenCalledTimes(2));
  });

  it('shows a 400’s findings like a dry run’s and keeps Apply disabled', async () => {
    const error: MeshPolicyMessage = {
      ...warning,
      code: 'MSH0001',
      level: 'error',
      layer: 'analysis',
      kind: 'VirtualService',
      name: 'catalog-routes',
      objectIndex: 1,
      field: 'spec.http[0].route',
      message: 'route weights sum to 120, not 100',
      fix: 'make the weights add up to 100',
    };
    const { api } = apiWith({
      applyMeshPolicies: async () => {
        throw httpError(400, '1 policy was refused by validation', {
          name: 'MeshPolicyValidationError',
          messages: [error],
        });
      },
    });
    await renderCard(api);
    const dialog = await openCanaryAndReview();
    expect(
      await within(dialog).findByText(
        'Refused by validation: nothing was applied',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('group', {
        name: 'findings for VirtualService shop/catalog-routes',
      }),
    ).toHaveTextContent(
      /error.*MSH0001.*spec\.http\[0\]\.route.*sum to 120.*Fix: make the weights add up to 100/,
    );
    expect(
      within(dialog).getByRole('button', { name: 'Apply' }),
    ).toBeDisabled();
  });

  it('says which permission is missing on a 403', async () => {
    const { api } = apiWith();
    const dryRunThenForbidden = api.applyMeshPolicies;
    api.applyMeshPolicies = async (meshId, request) => {
      if (!request.dryRun) throw httpError(403, 'Unauthorized');
      return dryRunThenForbidden(meshId, request);
    };
    await renderCard(api);
    const dialog = await openCanaryAndReview();
    fireEvent.click(
      await within(dialog).findByRole('button', { name: 'Apply' }),
    );
    expect(
      await within(dialog).findByText(
        /applying them takes mesh\.policy\.traffic\.write on mesh shop, which you do not have/,
      ),
    ).toBeInTheDocument();
  });

  it('on a 409 shows the object as it is now and rebuilds the change on it', async () => {
    const changed = {
      ...catalogRoutes,
      metadata: { ...catalogRoutes.metadata, resourceVersion: '4720' },
      spec: { ...catalogRoutes.spec, gateways: ['mesh'] },
    };
    const { api, applied } = apiWith();
    const answerApply = api.applyMeshPolicies;
    api.applyMeshPolicies = async (meshId, request) => {
      if (
        !request.dryRun &&
        request.objects[1].metadata.resourceVersion === '4711'
      ) {
        throw httpError(
          409,
          'VirtualService shop/catalog-routes changed since it was read (resourceVersion 4711, now 4720); nothing was applied',
          {
            body: {
              error: {
                message:
                  'VirtualService shop/catalog-routes changed since it was read (resourceVersion 4711, now 4720); nothing was applied',
              },
              current: changed,
            },
          },
        );
      }
      return answerApply(meshId, request);
    };
    await renderCard(api);
    const dialog = await openCanaryAndReview();
    fireEvent.click(
      await within(dialog).findByRole('button', { name: 'Apply' }),
    );

    const conflict = await screen.findByRole('dialog', {
      name: 'VirtualService shop/catalog-routes changed since you opened it',
    });
    expect(conflict).toHaveTextContent('resourceVersion: "4720"');
    expect(conflict).toHaveTextContent('- mesh');

    (api.listMeshPolicies as jest.Mock).mockResolvedValue({
      meshId: 'shop',
      configCluster: 'shop-cp',
      policies: [changed],
      ignored: [],
      unreadable: [],
    });
    fireEvent.click(
      within(conflict).getByRole('button', {
        name: 'Rebuild on the current version',
      }),
    );
    // The refused apply never reached the answer: the second recorded call is the new dry run.
    await waitFor(() => expect(applied).toHaveLength(2));
    const rebuilt = applied[applied.length - 1];
    expect(rebuilt.dryRun).toBe(true);
    expect(rebuilt.objects[1].metadata.resourceVersion).toBe('4720');
    expect(rebuilt.objects[1].spec.gateways).toEqual(['mesh']);

    fireEvent.click(
      await within(dialog).findByRole('button', { name: 'Apply' }),
    );
    expect(await within(dialog).findByRole('status')).toHaveTextContent(
      'updated VirtualService shop/catalog-routes',
    );
  });
});
