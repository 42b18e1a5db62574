import type { MeshOperationPlan } from '@meshfleet/plugin-mesh-common';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { planLines } from './planLines';

/* Golden files: testdata/plans/<case>.json → <case>.txt (UPDATE_GOLDEN=1 rewrites them). */

const DIR = path.join(__dirname, 'testdata', 'plans');
const cases = readdirSync(DIR)
  .filter(f => f.endsWith('.json'))
  .map(f => f.replace(/\.json$/, ''));

describe('planLines', () => {
  it.each(cases)('%s', name => {
    const plan = JSON.parse(readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as MeshOperationPlan;
    const text = `${planLines(plan).join('\n')}\n`;
    const golden = path.join(DIR, `${name}.txt`);
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(golden, text);
    }
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
});
