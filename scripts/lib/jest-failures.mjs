// Prints which jest suites and tests failed, from jest's --json results file, so
// the last lines of scripts/test name them (a CI log is often read from its tail,
// and jest's own summary is far above, before the production and browser steps).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const MESSAGE_LINES = 4;

const [resultsFile] = process.argv.slice(2);
const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
const stripAnsi = text => text.replace(/\x1b\[[0-9;]*m/g, '');
const firstLines = text =>
  stripAnsi(text)
    .split('\n')
    .map(line => line.trim())
    .filter(Boolean)
    .slice(0, MESSAGE_LINES)
    .map(line => `        ${line}`)
    .join('\n');

for (const suite of results.testResults) {
  if (suite.status !== 'failed') continue;
  console.log(`    ${relative(process.cwd(), suite.name)}`);
  const failedTests = suite.assertionResults.filter(t => t.status === 'failed');
  if (failedTests.length === 0 && suite.message) {
    // The suite failed outside any test (a hook, a compile error).
    console.log(firstLines(suite.message));
  }
  for (const test of failedTests) {
    console.log(`      ✕ ${test.fullName}`);
    console.log(firstLines(test.failureMessages.join('\n')));
  }
}
