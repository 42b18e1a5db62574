import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { translateMeshModel } from './translate';
import { MeshModel, TranslateOptions } from './types';

/**
 * Golden tests: each `testdata/<case>/input.json` ({ now, options, model }) is
 * translated and compared with `expected.yaml`. `UPDATE_GOLDEN=1` rewrites the
 * expected files; review the diff before committing it.
 */
const TESTDATA = path.resolve(__dirname, '../../testdata');

const baseOptions: Omit<TranslateOptions, 'now'> = {
  owner: 'group:default/platform-team',
  location: 'meshfleet-mesh:http://localhost:7007/api/mesh',
  unreachableGracePeriodMs: 60 * 60 * 1000,
};

interface GoldenInput {
  now: string;
  options?: Partial<Omit<TranslateOptions, 'now'>>;
  model: MeshModel;
}

const cases = fs
  .readdirSync(TESTDATA, { withFileTypes: true })
  .filter(d => d.isDirectory())
  .map(d => d.name)
  .sort();

describe('translateMeshModel (golden files)', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)('%s', async name => {
    const dir = path.join(TESTDATA, name);
    const input: GoldenInput = JSON.parse(fs.readFileSync(path.join(dir, 'input.json'), 'utf8'));
    const result = await translateMeshModel(input.model, { ...baseOptions, ...input.options, now: new Date(input.now) });
    const actual = YAML.stringify(result, { lineWidth: 0 });
    const expectedFile = path.join(dir, 'expected.yaml');
    if (process.env.UPDATE_GOLDEN) {
      fs.writeFileSync(expectedFile, actual);
    }
    expect(actual).toBe(fs.readFileSync(expectedFile, 'utf8'));
  });

  it('is deterministic whatever the input order', async () => {
    const input: GoldenInput = JSON.parse(fs.readFileSync(path.join(TESTDATA, 'hosted-mesh/input.json'), 'utf8'));
    const options = { ...baseOptions, ...input.options, now: new Date(input.now) };
    const forward = await translateMeshModel(input.model, options);
    const reversed = await translateMeshModel(
      { clusters: [...input.model.clusters].reverse(), meshes: [...input.model.meshes].reverse() },
      options,
    );
    expect(reversed).toEqual(forward);
  });
});
