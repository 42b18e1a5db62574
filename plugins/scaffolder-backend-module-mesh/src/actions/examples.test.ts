import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { MeshClient } from '@meshfleet/plugin-mesh-common';
import { validate } from 'jsonschema';
import { parse } from 'yaml';
import { createMeshActions } from '.';

/*
 * Every example of every action is a valid step for it: its action id, and an
 * input the action's JSON Schema (what the scaffolder validates step inputs
 * against) accepts, once its expressions are rendered with the values a
 * form would give (the runner validates rendered inputs).
 */

/** What a template's form gives for the parameters the examples use. */
const FORM_VALUES: Record<string, string> = {
  'parameters.meshId': 'payments',
  'parameters.title': 'Payments mesh',
  'parameters.controlPlaneCluster': 'resource:default/config-mesh-cp',
  'parameters.owner': 'group:default/payments-team',
  'parameters.mesh': 'resource:default/demo',
  'parameters.cluster': 'resource:default/config-east',
  'parameters.name': 'shop-ingress',
  'each.value': 'east',
  'parameters.service': 'reviews',
  'parameters.namespace': 'shop',
  'parameters.revision': '1-31-0',
  'parameters.stableVersion': 'v1',
  'parameters.canaryVersion': 'v2',
  'parameters.canaryWeight': '10',
  '100 - parameters.canaryWeight': '90',
};

/** Renders `${{ expr }}` with {@link FORM_VALUES}; an expression without a value fails the test. */
function render(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_match, expression: string) => {
      if (!(expression in FORM_VALUES)) throw new Error(`no form value for \${{ ${expression} }}`);
      return FORM_VALUES[expression];
    });
  }
  if (Array.isArray(value)) return value.map(render);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v)]));
  }
  return value;
}

const actions = createMeshActions({
  client: new MeshClient({ discoveryApi: { getBaseUrl: async () => 'http://localhost:7007/api/mesh' } }),
  auth: mockServices.auth(),
  catalog: catalogServiceMock(),
});

const cases = actions.flatMap((action: TemplateAction) =>
  (action.examples ?? []).map(example => [action.id, example.description, action, example.example] as const),
);

describe('examples of the mesh actions', () => {
  it('every action has examples', () => {
    expect(actions.map(a => [a.id, (a.examples ?? []).length > 0])).toEqual(actions.map(a => [a.id, true]));
  });

  it.each(cases)('%s: %s', (id, _description, action, yamlText) => {
    const { steps } = parse(yamlText) as { steps: Array<{ action: string; input: Record<string, unknown> }> };
    const own = steps.filter(step => step.action === id);
    expect(own.length).toBeGreaterThan(0);
    for (const step of own) {
      const result = validate(render(step.input), action.schema!.input!);
      expect(result.errors.map(e => e.stack)).toEqual([]);
    }
  });
});
