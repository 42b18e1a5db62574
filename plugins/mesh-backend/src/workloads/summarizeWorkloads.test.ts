import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { summarizeWorkloads, SummaryScope, WorkloadObject } from './summarizeWorkloads';

/**
 * Golden tests of the pure summary: a cluster's objects as `kubectl get -o
 * yaml` shows them, and the scope asked for, in `testdata/<case>/input.yaml`
 * -> `testdata/<case>/expected.json`. Regenerate with
 * `UPDATE_GOLDEN=1 yarn backstage-cli package test summarizeWorkloads`.
 */
const TESTDATA = path.resolve(__dirname, 'testdata');
const update = process.env.UPDATE_GOLDEN === '1';

interface GoldenInput {
  scope: SummaryScope;
  objects: Array<Record<string, any>>;
}

function run(caseName: string) {
  const input = parseYaml(fs.readFileSync(path.join(TESTDATA, caseName, 'input.yaml'), 'utf8')) as GoldenInput;
  const ofKind = (...kinds: string[]) => input.objects.filter(o => kinds.includes(o.kind));
  return summarizeWorkloads(
    ofKind('Pod'),
    ofKind('Deployment', 'StatefulSet', 'DaemonSet') as WorkloadObject[],
    ofKind('Namespace'),
    ofKind('MutatingWebhookConfiguration'),
    input.scope,
  );
}

describe('summarizeWorkloads golden cases', () => {
  const cases = fs.readdirSync(TESTDATA).filter(name => fs.existsSync(path.join(TESTDATA, name, 'input.yaml')));

  it('has the cases the design requires', () => {
    expect(cases).toEqual(expect.arrayContaining(['default-revision', 'revision-tags', 'service-selector']));
  });

  it.each(cases)('%s', caseName => {
    const output = run(caseName);
    const expectedPath = path.join(TESTDATA, caseName, 'expected.json');
    if (update) {
      fs.writeFileSync(expectedPath, `${JSON.stringify(output, null, 2)}\n`);
      return;
    }
    if (!fs.existsSync(expectedPath)) {
      throw new Error(`${expectedPath} is missing; run with UPDATE_GOLDEN=1 to create it`);
    }
    expect(output).toEqual(JSON.parse(fs.readFileSync(expectedPath, 'utf8')));
  });
});
