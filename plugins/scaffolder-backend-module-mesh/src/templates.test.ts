import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { MeshClient } from '@meshfleet/plugin-mesh-common';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { templateEntity } from './__testUtils__/scaffolderBackend';
import { createMeshActions } from './actions';

/*
 * The scaffolder renders a field's description as Markdown, which drops
 * anything that looks like an HTML tag: "defaults to net-<cluster>" read
 * "defaults to net-," on the form. Placeholders belong in code spans.
 */

/** Every string under a parameters' `description` or `ui:help` key, with where it is. */
function formTexts(value: unknown, at: string): Array<[string, string]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => formTexts(v, `${at}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]): Array<[string, string]> =>
    (key === 'description' || key === 'ui:help') && typeof v === 'string' ? [[`${at}.${key}`, v]] : formTexts(v, `${at}.${key}`),
  );
}

const withoutCodeSpans = (text: string) => text.replace(/`[^`]*`/g, '');

describe.each(readdirSync(path.resolve(__dirname, '..', 'templates')).filter(f => f.endsWith('.yaml')))('template %s', file => {
  it('has no form text that Markdown would drop as an HTML tag', () => {
    const texts = formTexts((templateEntity(file).spec as { parameters: unknown }).parameters, 'parameters');
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.filter(([, text]) => /<[a-z][^>]*>/i.test(withoutCodeSpans(text)))).toEqual([]);
  });
});

/*
 * What the scaffolder only finds out when a task runs: a step's action or
 * input that does not exist, a parameter used but not asked for.
 */

const actions = createMeshActions({
  client: new MeshClient({ discoveryApi: { getBaseUrl: async () => 'http://localhost:7007/api/mesh' } }),
  auth: mockServices.auth(),
  catalog: catalogServiceMock(),
});

interface TemplateSpec {
  parameters: Array<{ properties: Record<string, unknown> }>;
  steps: Array<{ id: string; action: string; input: Record<string, unknown> }>;
  output?: unknown;
}

/** Every `parameters.<name>` that an expression in the value uses. */
function parametersUsed(value: unknown): string[] {
  const text = JSON.stringify(value);
  return [...text.matchAll(/\$\{\{([^}]*)\}\}/g)].flatMap(([, expression]) => [...expression.matchAll(/parameters\.(\w+)/g)].map(m => m[1]));
}

describe.each(readdirSync(path.resolve(__dirname, '..', 'templates')).filter(f => f.endsWith('.yaml')))('template %s', file => {
  const spec = templateEntity(file).spec as unknown as TemplateSpec;

  it("runs this module's actions with inputs they take", () => {
    const misfits = spec.steps.flatMap(step => {
      const action = actions.find(a => a.id === step.action);
      if (!action) return [`${step.id}: no action ${step.action}`];
      const known = Object.keys((action.schema?.input as { properties?: object })?.properties ?? {});
      return Object.keys(step.input).filter(key => !known.includes(key)).map(key => `${step.id}: ${step.action} takes no input ${key}`);
    });
    expect(misfits).toEqual([]);
  });

  it('uses only parameters its form asks for', () => {
    const asked = spec.parameters.flatMap(page => Object.keys(page.properties));
    const used = parametersUsed({ steps: spec.steps, output: spec.output });
    expect(used.filter(name => !asked.includes(name))).toEqual([]);
  });
});

describe('template enable-mesh-for-service.yaml', () => {
  const spec = templateEntity('enable-mesh-for-service.yaml').spec as unknown as {
    steps: Array<{ id: string; action: string; each?: string; input: Record<string, unknown> }>;
  };

  it('labels and restarts the namespace once per cluster picked, then applies the two policies once', () => {
    expect(spec.steps.map(s => [s.id, s.action, s.each])).toEqual([
      ['inject', 'mesh:injection:set', '${{ parameters.clusters }}'],
      ['restart', 'mesh:workload:restart', '${{ parameters.clusters }}'],
      ['policies', 'mesh:policy:apply', undefined],
    ]);
    expect(spec.steps[0].input.cluster).toBe('${{ each.value }}');
    expect(spec.steps[1].input.cluster).toBe('${{ each.value }}');
  });

  it("calls the service with Istio's mutual TLS and sets its pods' mode by their app label", () => {
    const [destinationRule, peerAuthentication] = parseAllDocuments(String(spec.steps[2].input.manifest)).map(d => d.toJS());
    expect(destinationRule).toMatchObject({
      kind: 'DestinationRule',
      spec: { host: '${{ parameters.service }}.${{ parameters.namespace }}.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
    });
    expect(peerAuthentication).toMatchObject({
      kind: 'PeerAuthentication',
      spec: { selector: { matchLabels: { app: '${{ parameters.appLabel or parameters.service }}' } }, mtls: { mode: '${{ parameters.mtlsMode }}' } },
    });
  });
});
