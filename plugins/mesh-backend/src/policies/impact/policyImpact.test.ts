import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { policyImpact } from './policyImpact';

/*
 * Golden files: testdata/<case>.input.json (objects, the mesh's services, the
 * topology when a Prometheus answered, notes) → testdata/<case>.golden.json.
 * UPDATE_GOLDEN=1 rewrites the golden files; review their diff.
 */

const testdata = join(__dirname, 'testdata');
const cases = readdirSync(testdata)
  .filter(f => f.endsWith('.input.json'))
  .map(f => f.replace('.input.json', ''));

describe('policyImpact', () => {
  it.each(cases)('%s', name => {
    const input = JSON.parse(readFileSync(join(testdata, `${name}.input.json`), 'utf8'));
    const impact = policyImpact(input.objects, input.services, input.topology, input.notes);
    const goldenPath = join(testdata, `${name}.golden.json`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, `${JSON.stringify(impact, null, 2)}\n`);
    expect(impact).toEqual(JSON.parse(readFileSync(goldenPath, 'utf8')));
  });
});
