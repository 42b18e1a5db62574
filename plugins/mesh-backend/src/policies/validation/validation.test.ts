import type { MeshPolicyMessage } from '@meshfleet/plugin-mesh-common';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeCorpusCase, readCorpusCase, schemasFromCrdFile } from './corpus';
import { CORPUS_DIR, fleetCrdFile } from './testing';

/*
 * The corpus, case by case: the messages of the schema and analysis layers
 * against the golden `<case>.expected.json` (UPDATE_GOLDEN=1 rewrites them).
 * Every invalid case has an error naming kind, name and field for each of its
 * `# expect` lines; no valid case has an error.
 */

const schemas = schemasFromCrdFile(fleetCrdFile());
const update = process.env.UPDATE_GOLDEN === '1';

function casesOf(folder: 'valid' | 'invalid'): string[] {
  return fs
    .readdirSync(path.join(CORPUS_DIR, folder))
    .filter(f => f.endsWith('.yaml'))
    .sort();
}

function golden(folder: string, file: string, messages: MeshPolicyMessage[]): void {
  const expectedFile = path.join(CORPUS_DIR, folder, file.replace(/\.yaml$/, '.expected.json'));
  const text = `${JSON.stringify(messages, null, 2)}\n`;
  if (update || !fs.existsSync(expectedFile)) fs.writeFileSync(expectedFile, text);
  expect(JSON.parse(text)).toEqual(JSON.parse(fs.readFileSync(expectedFile, 'utf8')));
}

describe('validation corpus', () => {
  it('has at least 60 invalid and 20 valid cases, covering every code the checks report', () => {
    const invalid = casesOf('invalid');
    expect(invalid.length).toBeGreaterThanOrEqual(60);
    expect(casesOf('valid').length).toBeGreaterThanOrEqual(20);
    const covered = new Set(
      invalid.flatMap(f => readCorpusCase(fs.readFileSync(path.join(CORPUS_DIR, 'invalid', f), 'utf8')).expected.map(e => e.code)),
    );
    const codes = ['IST0101', 'IST0106', 'IST0109', 'IST0110', 'IST0111', 'IST0112', 'IST0127', 'IST0128', 'IST0129', 'IST0130', 'IST0131', 'IST0132', 'IST0145', 'IST0162', 'IST0173', 'IST0174', 'MSH0001', 'MSH0002', 'MSH0003'];
    expect(codes.filter(c => !covered.has(c))).toEqual([]);
  });

  describe.each(casesOf('invalid'))('invalid/%s', file => {
    const text = fs.readFileSync(path.join(CORPUS_DIR, 'invalid', file), 'utf8');

    it('is refused with each expected finding, naming kind, name and field', () => {
      const messages = analyzeCorpusCase(text, schemas);
      const { expected } = readCorpusCase(text);
      expect(text.startsWith('# expect: ')).toBe(true);
      expect(expected.length).toBeGreaterThan(0);
      expect(messages.some(m => m.level === 'error' && m.kind && m.name && m.field)).toBe(true);
      for (const e of expected) {
        const found = messages.filter(m => m.code === e.code && m.kind === e.kind && m.namespace === e.namespace && m.name === e.name);
        expect({ ...e, fields: found.map(m => m.field) }).toEqual({ ...e, fields: expect.arrayContaining([e.field]) });
      }
      for (const m of messages) expect(m.fix).toBeTruthy();
      golden('invalid', file, messages);
    });
  });

  describe.each(casesOf('valid'))('valid/%s', file => {
    it('is accepted (no error)', () => {
      const messages = analyzeCorpusCase(fs.readFileSync(path.join(CORPUS_DIR, 'valid', file), 'utf8'), schemas);
      expect(messages.filter(m => m.level === 'error')).toEqual([]);
      golden('valid', file, messages);
    });
  });
});
