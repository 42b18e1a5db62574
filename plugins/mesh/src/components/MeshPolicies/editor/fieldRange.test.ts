import fs from 'node:fs';
import path from 'node:path';
import { diagnosticsFromMessages, diagnosticsFromProblems } from './diagnostics';
import { fieldRange, parseFieldPath } from './fieldRange';
import { parsePolicyDocuments } from './policyDocuments';

/*
 * Field paths of testdata/fieldRanges.cases.json located in testdata/canary.yaml
 * and compared with testdata/fieldRanges.golden.json: the line and the text the
 * editor would underline. `UPDATE_GOLDEN=1` rewrites the golden file.
 */

const testdata = path.join(__dirname, 'testdata');
const canary = fs.readFileSync(path.join(testdata, 'canary.yaml'), 'utf8');

interface Case {
  objectIndex: number;
  field?: string;
}

function lineOf(text: string, offset: number) {
  return text.slice(0, offset).split('\n').length;
}

describe('parseFieldPath', () => {
  it('reads keys, indexes and quoted keys with dots', () => {
    expect(parseFieldPath('spec.http[0].route[1].destination.subset')).toEqual([
      'spec', 'http', 0, 'route', 1, 'destination', 'subset',
    ]);
    expect(parseFieldPath('metadata.labels["app.kubernetes.io/name"]')).toEqual([
      'metadata', 'labels', 'app.kubernetes.io/name',
    ]);
    expect(parseFieldPath("metadata.annotations['a.b/c']")).toEqual(['metadata', 'annotations', 'a.b/c']);
  });

  it('reads JSON pointers with their escapes', () => {
    expect(parseFieldPath('/spec/http/0/a~1b~0c')).toEqual(['spec', 'http', '0', 'a/b~c']);
  });

  it('stops at text it cannot read, keeping what it read', () => {
    expect(parseFieldPath('spec.http[x]')).toEqual(['spec', 'http']);
  });
});

describe('fieldRange', () => {
  const parsed = parsePolicyDocuments(canary);
  const cases: Case[] = JSON.parse(fs.readFileSync(path.join(testdata, 'fieldRanges.cases.json'), 'utf8'));

  it('finds both objects of the multi-document file and skips the trailing empty one', () => {
    expect(parsed.problems).toEqual([]);
    expect(parsed.objects.map(o => o.kind)).toEqual(['VirtualService', 'DestinationRule']);
  });

  it('marks each field as in the golden file', () => {
    const actual = cases.map(c => {
      const range = fieldRange(canary, parsed.documents[c.objectIndex], c.field);
      return {
        ...c,
        line: lineOf(canary, range.from),
        marked: canary.slice(range.from, range.to),
        exact: range.exact,
      };
    });
    const goldenPath = path.join(testdata, 'fieldRanges.golden.json');
    if (process.env.UPDATE_GOLDEN === '1') {
      fs.writeFileSync(goldenPath, `${JSON.stringify(actual, null, 2)}\n`);
    }
    expect(actual).toEqual(JSON.parse(fs.readFileSync(goldenPath, 'utf8')));
  });
});

describe('fieldRange with keys the YAML reads as numbers', () => {
  it('finds a quoted key of the path under a number key (portLevelMtls by port)', () => {
    const text = 'spec:\n  portLevelMtls:\n    9080:\n      mode: DISABLE\n';
    const { documents } = parsePolicyDocuments(text);
    const range = fieldRange(text, documents[0], 'spec.portLevelMtls["9080"].mode');
    expect(text.slice(range.from, range.to)).toBe('DISABLE');
    expect(range.exact).toBe(true);
  });
});

describe('diagnosticsFromMessages', () => {
  const parsed = parsePolicyDocuments(canary);

  it('places a message at its field in the object it names by index', () => {
    const [diagnostic] = diagnosticsFromMessages(canary, parsed, [
      {
        code: 'MSH0001',
        level: 'error',
        layer: 'analysis',
        kind: 'VirtualService',
        namespace: 'bookinfo',
        name: 'reviews',
        objectIndex: 0,
        field: 'spec.http[1].route[1].weight',
        message: 'route weights sum to 110, not 100',
        fix: 'make the weights of spec.http[1].route sum to 100',
      },
    ]);
    expect(canary.slice(diagnostic.from, diagnostic.to)).toBe('20');
    expect(diagnostic).toMatchObject({
      line: 28,
      severity: 'error',
      source: 'analysis',
      code: 'MSH0001',
      message: 'MSH0001 route weights sum to 110, not 100 (spec.http[1].route[1].weight)',
      fix: 'make the weights of spec.http[1].route sum to 100',
    });
  });

  it('finds the object by kind and name when the message has no index', () => {
    const [diagnostic] = diagnosticsFromMessages(canary, parsed, [
      {
        code: 'IST0101',
        level: 'warning',
        layer: 'analysis',
        kind: 'DestinationRule',
        namespace: 'bookinfo',
        name: 'reviews',
        field: 'spec.host',
        message: 'Referenced host not found: "reviews"',
      },
    ]);
    expect(diagnostic.line).toBe(36);
    expect(canary.slice(diagnostic.from, diagnostic.to)).toBe('reviews');
    expect(diagnostic.severity).toBe('warning');
  });
});

describe('parsePolicyDocuments', () => {
  it('reports a syntax error at its position and sends nothing', () => {
    const text = 'kind: VirtualService\nspec:\n  hosts: [a\n';
    const parsed = parsePolicyDocuments(text);
    expect(parsed.objects).toEqual([]);
    const [diagnostic] = diagnosticsFromProblems(text, parsed);
    expect(diagnostic.severity).toBe('error');
    expect(diagnostic.message).toMatch(/^YAML: /);
    expect(diagnostic.line).toBeGreaterThanOrEqual(3);
  });

  it('names a document that is not an object', () => {
    const parsed = parsePolicyDocuments('- a\n- b\n');
    expect(parsed.problems).toEqual([
      {
        from: 0,
        to: 8,
        message: 'Each document must be one Istio object (a mapping with apiVersion, kind, metadata and spec)',
      },
    ]);
  });
});
