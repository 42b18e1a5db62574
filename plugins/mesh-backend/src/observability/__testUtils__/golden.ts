import fs from 'node:fs';
import path from 'node:path';

/** `src/observability/testdata`. */
export const TESTDATA = path.resolve(__dirname, '../testdata');

/**
 * The golden file `testdata/<name>`, to compare `actual` with
 * (`expect(actual).toEqual(golden(name, actual))`); `UPDATE_GOLDEN=1`
 * (re)writes it from `actual` first. The diff of a golden file is the review
 * of a change.
 */
export function golden(name: string, actual: string): string {
  const file = path.join(TESTDATA, name);
  if (process.env.UPDATE_GOLDEN) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  if (!fs.existsSync(file)) {
    throw new Error(`Golden file ${file} is missing; run the test with UPDATE_GOLDEN=1 to create it`);
  }
  return fs.readFileSync(file, 'utf8');
}

/** Parsed JSON from `testdata/<name>`. */
export function readTestdata<T = any>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(TESTDATA, name), 'utf8'));
}
