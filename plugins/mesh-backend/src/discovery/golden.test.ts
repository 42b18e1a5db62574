import fs from 'node:fs';
import path from 'node:path';
import {
  listGoldenCases,
  runGoldenCase,
  TESTDATA_DIR,
} from './__testUtils__/goldenCase';

/**
 * Golden tests of the pure pipeline: recorded cluster states in
 * `testdata/<case>/input.yaml` -> `testdata/<case>/expected.json`.
 * Regenerate with `UPDATE_GOLDEN=1 yarn backstage-cli package test golden`.
 */
const update = process.env.UPDATE_GOLDEN === '1';

/** Every secret in the inputs carries this marker; none may reach the model. */
const SECRET_MARKER = 'DO-NOT-LEAK';

describe('golden cases', () => {
  const cases = listGoldenCases();

  it('has the cases the design requires', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'dedicated',
        'hosted-two-members',
        'malformed-objects',
        'plain-istiod-external',
        'remote-unreachable-control-plane',
        'service-conflicts',
        'stored-mesh-drift',
      ]),
    );
  });

  it.each(cases)('%s', caseName => {
    const output = runGoldenCase(caseName);
    const text = `${JSON.stringify(output, null, 2)}\n`;
    expect(text).not.toContain(SECRET_MARKER);
    const expectedPath = path.join(TESTDATA_DIR, caseName, 'expected.json');
    if (update) {
      fs.writeFileSync(expectedPath, text);
      return;
    }
    if (!fs.existsSync(expectedPath)) {
      throw new Error(
        `${expectedPath} is missing; run with UPDATE_GOLDEN=1 to create it`,
      );
    }
    expect(output).toEqual(JSON.parse(fs.readFileSync(expectedPath, 'utf8')));
  });
});
