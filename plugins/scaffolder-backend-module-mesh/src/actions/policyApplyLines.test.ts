import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { messageLine, PolicyApplySummary, refusalMessage, summaryLines, warningsOf } from './policyApplyLines';

/* Golden files: testdata/policy-apply/<case>.json → <case>.txt (UPDATE_GOLDEN=1 rewrites them). */

const DIR = path.join(__dirname, 'testdata', 'policy-apply');
const cases = readdirSync(DIR)
  .filter(f => f.endsWith('.json'))
  .map(f => f.replace(/\.json$/, ''));

const summaryOfCase = (name: string) => JSON.parse(readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as PolicyApplySummary;

describe('summaryLines', () => {
  it.each(cases)('%s', name => {
    const text = `${summaryLines(summaryOfCase(name))
      .map(line => `${line.level}: ${line.text}`)
      .join('\n')}\n`;
    const golden = path.join(DIR, `${name}.txt`);
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(golden, text);
    }
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
});

describe('the outputs and the refusal', () => {
  const { messages } = summaryOfCase('mtls-applied-with-warnings');

  it('outputs the validation’s warnings, one line each, and not its infos nor the apply’s own remarks', () => {
    const summary = { ...summaryOfCase('mtls-applied-with-warnings'), warnings: ['namespace payments was created'] };
    expect(warningsOf(summary)).toEqual([
      'warning MSH0002 PeerAuthentication payments/default spec.mtls.mode: STRICT mutual TLS for payments/ledger, whose caller shop/legacy-batch (east) has no sidecar: its requests would be refused. Fix: inject a sidecar into shop/legacy-batch first, or keep PERMISSIVE',
    ]);
  });

  it('lists every error of a refusal on a line of its own, and not the warnings', () => {
    const errors = [
      { ...messages[0], level: 'error' as const, code: 'IST0101', field: 'spec.selector', message: 'no pods match' },
      { ...messages[0], level: 'error' as const, code: undefined, field: undefined, fix: undefined, layer: 'dry-run' as const, message: 'admission webhook denied it' },
    ];
    expect(refusalMessage([...errors, messages[0]]).split('\n')).toEqual([
      "The mesh backend's validation refused the policies (2 errors); nothing was applied:",
      `  ${messageLine(errors[0])}`,
      '  error PeerAuthentication payments/default: admission webhook denied it',
    ]);
  });
});
