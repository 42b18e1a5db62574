import type { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { MeshClient, MeshPolicyApplyResponse, MeshPolicyMessage } from '@meshfleet/plugin-mesh-common';
import { parse } from 'yaml';
import { meshResource } from '../__testUtils__/scaffolderBackend';
import { createPolicyApplyAction, POLICY_APPLY_CHECKPOINT } from './policyApply';
import { examples } from './policyApply.examples';
import { objectsFromManifest, policyObjectsOfInput } from './policyApplyObjects';

/*
 * The action with the real mesh client, whose fetch answers as the mesh
 * backend's policies API does (the API itself, against real clusters, is
 * the mesh backend's tests' and policyApply.fleet.test.ts's).
 */

const destinationRule = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'reviews', namespace: 'shop' },
  spec: { host: 'reviews.shop.svc.cluster.local', subsets: [{ name: 'stable', labels: { version: 'v1' } }] },
};
const peerAuthentication = {
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name: 'default', namespace: 'payments' },
  spec: { mtls: { mode: 'STRICT' } },
};

const sidecarWarning: MeshPolicyMessage = {
  code: 'MSH0002',
  level: 'warning',
  layer: 'analysis',
  kind: 'PeerAuthentication',
  namespace: 'payments',
  name: 'default',
  objectIndex: 0,
  field: 'spec.mtls.mode',
  message: 'caller shop/legacy-batch (east) of payments/ledger has no sidecar',
  fix: 'inject a sidecar into shop/legacy-batch first, or keep PERMISSIVE',
};

function applyAnswer(dryRun: boolean, objects: Array<typeof destinationRule | typeof peerAuthentication>): MeshPolicyApplyResponse {
  return {
    dryRun,
    configCluster: 'mesh-cp',
    results: objects.map(o => ({
      action: 'created' as const,
      policy: { ...o, metadata: { ...o.metadata, resourceVersion: '42' }, cluster: 'mesh-cp', managedBy: ['meshfleet'] },
      diff: `--- ${o.kind} (before)\n+++ ${o.kind} (after)\n@@ -0,0 +1,1 @@\n+spec: {}\n`,
    })),
    warnings: [`namespace shop does not exist in mesh-cp; ${dryRun ? 'applying creates it' : 'it was created'}`],
    messages: [sidecarWarning],
    impact: {
      clusters: ['east'],
      services: [{ cluster: 'east', namespace: 'payments', name: 'ledger' }],
      workloads: [{ cluster: 'east', namespace: 'payments', name: 'ledger-v1' }],
      edges: [{ source: 'workload:east/shop/legacy-batch', target: 'service:payments/ledger', requestsPerSecond: 2, crossCluster: false }],
      window: '5m',
      notes: [],
    },
  };
}

/** A Backstage error body with the findings, as the mesh backend answers a validation refusal. */
function refusal(messages: MeshPolicyMessage[]): Response {
  const body = {
    error: { name: 'InputError', message: `${messages.length} policies failed validation; nothing was applied` },
    request: { method: 'POST', url: '/api/mesh/meshes/demo/policies/apply' },
    response: { statusCode: 400 },
    messages,
  };
  return new Response(JSON.stringify(body), { status: 400, statusText: 'Bad Request', headers: { 'Content-Type': 'application/json' } });
}

/** The action with a mesh backend that answers `answer` to each apply, recording the requests. */
function setup(answer: (body: { objects: any[]; dryRun?: boolean }) => Response | MeshPolicyApplyResponse) {
  const requests: Array<{ url: string; authorization: string | null; body: { objects: any[]; dryRun?: boolean } }> = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const body = await request.json();
    requests.push({ url: request.url, authorization: request.headers.get('authorization'), body });
    const answered = answer(body);
    return answered instanceof Response
      ? answered
      : new Response(JSON.stringify(answered), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  const client = new MeshClient({
    discoveryApi: { getBaseUrl: async () => 'http://backend.test/api/mesh' },
    fetchApi: { fetch: fetch as typeof globalThis.fetch },
  });
  const action = createPolicyApplyAction({
    client,
    auth: mockServices.auth(),
    catalog: catalogServiceMock({ entities: [meshResource('demo')] }),
  });
  return { action, requests };
}

/** A logger that keeps every line, prefixed with its level. */
function recordingLogger(): LoggerService & { lines: string[] } {
  const lines: string[] = [];
  const logger = {
    lines,
    info: (message: string) => lines.push(`info: ${message}`),
    warn: (message: string) => lines.push(`warn: ${message}`),
    error: (message: string) => lines.push(`error: ${message}`),
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

function context(input: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const logger = recordingLogger();
  const outputs: Record<string, unknown> = {};
  const checkpoints: Record<string, unknown> = {};
  // createMockActionContext takes input and logger; the rest is set over it.
  const ctx = {
    ...createMockActionContext({ input: input as any, logger: logger as any }),
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    checkpoint: (async ({ key, fn }: { key: string; fn: () => Promise<unknown> }) => {
      checkpoints[key] = await fn();
      return checkpoints[key];
    }) as any,
    ...extra,
  };
  return { ctx, logger, outputs, checkpoints };
}

describe('mesh:policy:apply', () => {
  it('applies the objects once, on behalf of the user, logging findings, diffs, impact and outcome', async () => {
    const { action, requests } = setup(body => applyAnswer(false, body.objects));
    const { ctx, logger, outputs, checkpoints } = context({ meshId: 'demo', objects: [destinationRule, peerAuthentication] });

    await action.handler(ctx);

    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe('http://backend.test/api/mesh/meshes/demo/policies/apply');
    expect(requests[0].body).toEqual({ objects: [destinationRule, peerAuthentication], dryRun: false });
    // A token for the mesh backend on behalf of the task's user (mockServices.auth's shape).
    expect(requests[0].authorization).toMatch(/^Bearer mock-service-token:.*"obo":"user:default\/mock"/);
    expect(Object.keys(checkpoints)).toEqual([POLICY_APPLY_CHECKPOINT]);
    expect(logger.lines).toEqual(
      expect.arrayContaining([
        'warn:   warning MSH0002 PeerAuthentication payments/default spec.mtls.mode: caller shop/legacy-batch (east) of payments/ledger has no sidecar. Fix: inject a sidecar into shop/legacy-batch first, or keep PERMISSIVE',
        'info:   created DestinationRule shop/reviews',
        'info:       +spec: {}',
        'info:     workload:east/shop/legacy-batch → service:payments/ledger 2 req/s',
      ]),
    );
    expect(logger.lines.at(-1)).toBe("info: Applied to mesh-cp, the mesh's config cluster: 2 created, 0 updated, 0 unchanged");
    expect(outputs).toEqual({
      meshId: 'demo',
      configCluster: 'mesh-cp',
      results: [
        { kind: 'DestinationRule', namespace: 'shop', name: 'reviews', action: 'created' },
        { kind: 'PeerAuthentication', namespace: 'payments', name: 'default', action: 'created' },
      ],
      warnings: [expect.stringMatching(/^warning MSH0002 PeerAuthentication payments\/default spec\.mtls\.mode: /)],
      notes: ['namespace shop does not exist in mesh-cp; it was created'],
    });
    expect(logger.lines.join('\n')).not.toMatch(/mock-service-token|Bearer/);
  });

  it.each([
    ['the template dry run', { meshId: 'demo', objects: [peerAuthentication] }, { isDryRun: true }],
    ['dryRun: true', { meshId: 'demo', objects: [peerAuthentication], dryRun: true }, {}],
  ])('in %s validates and previews without a checkpoint, and changes nothing', async (_name, input, extra) => {
    const { action, requests } = setup(body => applyAnswer(body.dryRun === true, body.objects));
    const { ctx, logger, checkpoints, outputs } = context(input, extra);

    await action.handler(ctx);

    expect(requests.map(r => r.body.dryRun)).toEqual([true]);
    expect(checkpoints).toEqual({});
    expect(logger.lines).toContain("info: Changes in mesh-cp, the mesh's config cluster (dry run):");
    expect(logger.lines.at(-1)).toBe('info: Dry run: nothing was changed; applying would create 1, update 0 and leave 0 unchanged in mesh-cp');
    expect(outputs.results).toEqual([{ kind: 'PeerAuthentication', namespace: 'payments', name: 'default', action: 'created' }]);
  });

  it('fails the step on a validation refusal with every error on a line of its own, and logs each finding', async () => {
    const errors: MeshPolicyMessage[] = [
      { ...sidecarWarning, code: 'IST0101', level: 'error', field: 'spec.subsets[0].labels', message: 'no pods of reviews have version=v9' },
      { ...sidecarWarning, code: undefined, fix: undefined, level: 'error', layer: 'dry-run', field: undefined, message: 'admission webhook "validation.istio.io" denied the request' },
    ];
    const { action } = setup(() => refusal([...errors, sidecarWarning]));
    const { ctx, logger, outputs } = context({ meshId: 'demo', objects: [peerAuthentication] });

    const failure = action.handler(ctx);

    await expect(failure).rejects.toThrow(InputError);
    const message = await failure.then(
      () => '',
      (e: Error) => e.message,
    );
    expect(message.split('\n')).toEqual([
      "The mesh backend's validation refused the policies (2 errors); nothing was applied:",
      '  error IST0101 PeerAuthentication payments/default spec.subsets[0].labels: no pods of reviews have version=v9. Fix: inject a sidecar into shop/legacy-batch first, or keep PERMISSIVE',
      '  error PeerAuthentication payments/default: admission webhook "validation.istio.io" denied the request',
    ]);
    expect(logger.lines.filter(l => /^(error|warn): {3}/.test(l))).toHaveLength(3);
    expect(outputs).toEqual({});
  });

  it('does not apply again when the checkpoint holds an earlier run’s apply (a recovered task)', async () => {
    const { action, requests } = setup(body => applyAnswer(false, body.objects));
    const first = context({ meshId: 'demo', objects: [destinationRule] });
    await action.handler(first.ctx);
    const stored = first.checkpoints[POLICY_APPLY_CHECKPOINT];

    const recovered = context({ meshId: 'demo', objects: [destinationRule] }, {
      checkpoint: async () => stored,
    });
    await action.handler(recovered.ctx);

    expect(requests).toHaveLength(1);
    expect(recovered.logger.lines[0]).toMatch(/An earlier run of this step applied these policies.*not applying them again/);
    expect(recovered.outputs.results).toEqual(first.outputs.results);
  });

  it('takes the mesh as the ref of its catalog Resource, and a multi-document manifest', async () => {
    const { action, requests } = setup(body => applyAnswer(true, body.objects));
    const manifest = `---\n${[destinationRule, peerAuthentication].map(o => JSON.stringify(o)).join('\n---\n')}\n---\n`;
    const { ctx } = context({ meshId: 'resource:default/demo', manifest, dryRun: true });

    await action.handler(ctx);

    expect(requests[0].url).toBe('http://backend.test/api/mesh/meshes/demo/policies/apply');
    expect(requests[0].body.objects).toEqual([destinationRule, peerAuthentication]);
  });

  it('refuses an unknown mesh Resource before any request, naming the field', async () => {
    const { action, requests } = setup(body => applyAnswer(true, body.objects));
    const { ctx } = context({ meshId: 'resource:default/nope', objects: [destinationRule] });

    await expect(action.handler(ctx)).rejects.toThrow("meshId: no catalog entity 'resource:default/nope'");
    expect(requests).toHaveLength(0);
  });
});

describe('the policies of a step’s input', () => {
  it.each([
    ['no apiVersion', 'kind: VirtualService\nmetadata: {name: a, namespace: b}\nspec: {}', 'manifest document 1.apiVersion: expected'],
    ['no metadata', 'apiVersion: v1\nkind: X\nspec: {}', 'manifest document 1.metadata (X): expected a mapping with name and namespace'],
    ['a list as second document', `${JSON.stringify(destinationRule)}\n---\n- a\n- list`, 'manifest document 2: expected a Kubernetes object (a mapping with apiVersion, kind, metadata and spec), got a list'],
    ['broken YAML', `${JSON.stringify(destinationRule)}\n---\nkind: [unclosed`, 'manifest document 2: not valid YAML'],
    ['no namespace', JSON.stringify({ ...destinationRule, metadata: { name: 'reviews' } }), 'manifest document 1.metadata.namespace (DestinationRule reviews): expected a namespace'],
    ['a string spec', JSON.stringify({ ...destinationRule, spec: 'x' }), 'manifest document 1.spec (DestinationRule shop/reviews): expected a mapping'],
    ['only empty documents', '---\n---\n', 'manifest: expected at least one policy'],
  ])('refuses %s, naming the document and the field', (_case, manifest, message) => {
    expect(() => objectsFromManifest(manifest)).toThrow(message);
  });

  it('names the item of objects', () => {
    expect(() => policyObjectsOfInput({ objects: [destinationRule, { ...destinationRule, kind: '' }] })).toThrow(
      'objects[1].kind: expected an Istio kind',
    );
  });

  it('takes objects or manifest, exactly one', () => {
    expect(() => policyObjectsOfInput({})).toThrow(/^objects, manifest: expected the policies as objects/);
    expect(() => policyObjectsOfInput({ objects: [destinationRule], manifest: 'kind: x' })).toThrow('objects, manifest: expected one of them, got both');
  });

  it('refuses more than the 50 objects the mesh backend applies at once', () => {
    expect(() => policyObjectsOfInput({ objects: Array(51).fill(destinationRule) })).toThrow('objects: at most 50 policies per apply');
  });

  it.each(examples.map(e => [e.description, e.example] as const))('reads the policies of the example "%s"', (_d, yamlText) => {
    const { steps } = parse(yamlText) as { steps: Array<{ input: { objects?: unknown[]; manifest?: string } }> };
    for (const step of steps) {
      const objects = policyObjectsOfInput(step.input);
      expect(objects.map(o => o.kind).every(kind => /^(DestinationRule|VirtualService|PeerAuthentication)$/.test(kind))).toBe(true);
    }
  });
});
