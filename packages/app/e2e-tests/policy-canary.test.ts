import { expect, Page, test } from '@playwright/test';
import https from 'node:https';
// The fleet's test helpers are not a dependency of the app; the browser tests use
// them by path, as jest's outage tests use them by package.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { readFleetEnv } from '../../../tools/fleet/testing';
import { screenshots, signIn } from './lib/app';

// Against the real local fleet's demo mesh (`fleet up --demo`): shop/catalog runs
// two versions (pods labelled version=v1 and version=v2, tools/fleet/internal/demo),
// so a canary split between them selects pods on both sides. The test creates the
// split with the form of shop-catalog's Service Mesh tab, reads the impact preview
// of the dry run, applies it (to the mesh's config cluster, mesh-cp) and finds it in
// the tab's Policies card; afterAll puts the shop namespace's routing back as it was
// through the policies API, so the demo is left unchanged.

const MESH = 'demo';
const NAMESPACE = 'shop';
const ROUTING_KINDS = ['VirtualService', 'DestinationRule'] as const;

interface Policy {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

/** The policies API of the test's backend, signed in as the guest (whom the local permission policy lets do everything). */
class PoliciesApi {
  private constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async signIn(baseUrl: string): Promise<PoliciesApi> {
    const response = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    if (!response.ok)
      throw new Error(
        `guest sign-in at ${baseUrl} failed: HTTP ${
          response.status
        } ${await response.text()}`,
      );
    const body = (await response.json()) as {
      backstageIdentity: { token: string };
    };
    return new PoliciesApi(baseUrl, body.backstageIdentity.token);
  }

  /** The VirtualServices and DestinationRules of the shop namespace in the mesh's config cluster. */
  async routing(): Promise<Policy[]> {
    const list = await this.call<{ policies: Policy[] }>(
      'GET',
      `/meshes/${MESH}/policies`,
    );
    return list.policies.filter(
      p =>
        p.metadata.namespace === NAMESPACE &&
        (ROUTING_KINDS as readonly string[]).includes(p.kind),
    );
  }

  async remove(policy: Policy): Promise<void> {
    await this.call(
      'DELETE',
      `/meshes/${MESH}/policies/${policy.kind}/${NAMESPACE}/${policy.metadata.name}`,
    );
  }

  async apply(policies: Policy[]): Promise<void> {
    await this.call('POST', `/meshes/${MESH}/policies/apply`, {
      objects: policies,
    });
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/mesh${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(
        `${method} /api/mesh${path}: HTTP ${response.status}: ${text}`,
      );
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

const key = (p: Policy) => `${p.kind}/${p.metadata.name}`;

/** What a policy is, without what the API server keeps (resourceVersion etc.): for comparing and for writing back. */
function content(p: Policy): Policy {
  const { name, namespace, labels, annotations } = p.metadata;
  return {
    apiVersion: p.apiVersion,
    kind: p.kind,
    metadata: { name, namespace, labels, annotations },
    spec: p.spec,
  };
}

/**
 * Puts the shop namespace's routing back as `before`: deletes what the test
 * created, writes back what it changed.
 */
async function restore(api: PoliciesApi, before: Policy[]): Promise<void> {
  const wanted = new Map(before.map(p => [key(p), p]));
  for (const now of await api.routing()) {
    const was = wanted.get(key(now));
    if (!was) await api.remove(now);
    else if (JSON.stringify(content(was).spec) !== JSON.stringify(now.spec)) {
      await api.apply([
        {
          ...content(was),
          metadata: {
            ...content(was).metadata,
            resourceVersion: now.metadata.resourceVersion,
          },
        },
      ]);
    }
  }
}

/**
 * Deletes a namespace of the config cluster that the apply created (the API
 * server refuses objects in a namespace it lacks, so the apply creates it, and
 * the policies API deletes policies, not namespaces).
 */
async function deleteConfigClusterNamespace(
  cluster: string,
  namespace: string,
): Promise<void> {
  const fleet = (await readFleetEnv()).clusters.find(c => c.name === cluster);
  if (!fleet) throw new Error(`no fleet cluster ${cluster}`);
  const status = await new Promise<number>((resolve, reject) => {
    const request = https.request(
      `${fleet.url}/api/v1/namespaces/${namespace}`,
      {
        method: 'DELETE',
        ca: Buffer.from(fleet.caData, 'base64'),
        headers: { Authorization: `Bearer ${fleet.serviceAccountToken}` },
      },
      response => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end();
  });
  if (status !== 200 && status !== 202 && status !== 404) {
    throw new Error(
      `DELETE namespace ${namespace} in ${cluster}: HTTP ${status}`,
    );
  }
}

/** Opens shop-catalog's Service Mesh tab once the catalog relates it to the demo mesh and the Policies card has read the mesh. */
async function openPoliciesCard(page: Page) {
  await signIn(page);
  const canary = page
    .getByTestId('service-policies')
    .getByRole('button', { name: 'Canary release' });
  await expect(async () => {
    await page.goto('/catalog/default/component/shop-catalog/service-mesh');
    await expect(canary).toBeEnabled({ timeout: 15_000 });
  }).toPass({ timeout: 480_000, intervals: [5_000, 10_000] });
}

test.describe('a canary release from the Service Mesh tab', () => {
  let api: PoliciesApi | undefined;
  let before: Policy[] = [];
  /** Whether the apply created the shop namespace in the config cluster (the dry run says so). */
  let createdNamespace = false;

  test.afterAll(async () => {
    if (api) await restore(api, before);
    if (createdNamespace)
      await deleteConfigClusterNamespace('mesh-cp', NAMESPACE);
  });

  test('split shop/catalog 80/20 between v1 and v2 with the form, see the impact, apply it and find it listed', async ({
    page,
  }) => {
    test.setTimeout(600_000);
    await openPoliciesCard(page);
    api = await PoliciesApi.signIn(process.env.MESHFLEET_E2E_BACKEND_URL!);
    // The demo has no routing named catalog: such objects are an interrupted run's canary.
    before = (await api.routing()).filter(p => p.metadata.name !== 'catalog');
    await restore(api, before);
    await page.reload();
    const card = page.getByTestId('service-policies');
    await expect(
      card.getByRole('button', { name: 'Canary release' }),
    ).toBeEnabled({ timeout: 60_000 });

    await card.getByRole('button', { name: 'Canary release' }).click();
    const dialog = page.getByRole('dialog', {
      name: /Canary release for shop\/catalog/,
    });
    await expect(dialog.getByLabel('Stable version')).toHaveValue('v1');
    await expect(dialog.getByLabel('Canary version')).toHaveValue('v2');
    // A wrong value is named with what is expected, and no review starts.
    await dialog.getByLabel('Canary weight (%)').fill('120');
    await expect(
      dialog.getByText(
        'Canary weight: expected a whole number from 0 to 100, got "120"',
      ),
    ).toBeVisible();
    await dialog.getByLabel('Canary weight (%)').fill('20');
    // The dry run: validation against the mesh's clusters, the impact and the diffs.
    // The dev backend restarts when a source file changes (others edit the tree), which
    // drops a request in flight: a review that failed that way is asked again.
    const impact = dialog.getByTestId('impact-preview');
    const failed = dialog.getByText(
      'The policies API did not answer as expected',
    );
    await expect(async () => {
      await dialog.getByRole('button', { name: 'Review' }).click();
      await expect(impact.or(failed)).toBeVisible({ timeout: 150_000 });
      if (await failed.isVisible()) {
        await failed.click();
        test
          .info()
          .annotations.push({
            type: 'review failed, asked again',
            description: await dialog.innerText(),
          });
        await dialog.getByRole('button', { name: 'Back to the form' }).click();
        throw new Error('the review failed');
      }
    }).toPass({ timeout: 420_000, intervals: [5_000] });
    await expect(impact).toContainText(
      /Clusters:.*east.*west|Clusters:.*west.*east/,
    );
    await expect(impact).toContainText('Services:');
    await expect(impact).toContainText(`/${NAMESPACE}/catalog`);
    // The traffic into catalog from the demo's frontend, in the topology's last window.
    await expect(
      impact.getByRole('table', { name: 'traffic edges' }),
    ).toContainText('shop/frontend');
    await expect(
      dialog.getByRole('group', {
        name: /diff of created: DestinationRule shop\/catalog/,
      }),
    ).toContainText('+');
    await expect(
      dialog.getByRole('group', {
        name: /diff of created: VirtualService shop\/catalog/,
      }),
    ).toContainText('weight: 20');
    // Both versions have pods, so no error blocks the apply.
    await expect(dialog.getByText(/errors? to fix first/)).toHaveCount(0);
    await page.screenshot({
      path: `${screenshots}/policy-canary-review.png`,
      fullPage: true,
    });

    createdNamespace = await dialog
      .getByText(
        `namespace ${NAMESPACE} does not exist in mesh-cp; applying creates it`,
        { exact: false },
      )
      .isVisible();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('status')).toContainText(
      'Applied in mesh-cp: created DestinationRule shop/catalog; created VirtualService shop/catalog',
      { timeout: 120_000 },
    );
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The card read the policies again: both are listed, scoped to the service.
    for (const kind of ROUTING_KINDS) {
      const row = card
        .getByRole('row')
        .filter({ hasText: kind })
        .filter({ hasText: 'shop/catalog' });
      await expect(row).toContainText('service');
      await expect(row).toContainText('meshfleet');
    }
    await page.screenshot({
      path: `${screenshots}/policy-canary-listed.png`,
      fullPage: true,
    });

    // What the API server holds is the split the form made.
    const vs = (await api.routing()).find(
      p => p.kind === 'VirtualService' && p.metadata.name === 'catalog',
    )!;
    expect((vs.spec.http as Array<{ route: unknown[] }>)[0].route).toEqual([
      {
        destination: { host: 'catalog.shop.svc.cluster.local', subset: 'v1' },
        weight: 80,
      },
      {
        destination: { host: 'catalog.shop.svc.cluster.local', subset: 'v2' },
        weight: 20,
      },
    ]);
  });
});
