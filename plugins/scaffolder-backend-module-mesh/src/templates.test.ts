import { readdirSync } from 'node:fs';
import path from 'node:path';
import { templateEntity } from './__testUtils__/scaffolderBackend';

/*
 * The scaffolder renders a field's description as Markdown, which drops
 * anything that looks like an HTML tag: "defaults to net-<cluster>" read
 * "defaults to net-," on the form. Placeholders belong in code spans.
 */

/** Every string under a parameters' `description` or `ui:help` key, with where it is. */
function formTexts(value: unknown, at: string): Array<[string, string]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => formTexts(v, `${at}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]): Array<[string, string]> =>
    (key === 'description' || key === 'ui:help') && typeof v === 'string' ? [[`${at}.${key}`, v]] : formTexts(v, `${at}.${key}`),
  );
}

const withoutCodeSpans = (text: string) => text.replace(/`[^`]*`/g, '');

describe.each(readdirSync(path.resolve(__dirname, '..', 'templates')).filter(f => f.endsWith('.yaml')))('template %s', file => {
  it('has no form text that Markdown would drop as an HTML tag', () => {
    const texts = formTexts((templateEntity(file).spec as { parameters: unknown }).parameters, 'parameters');
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.filter(([, text]) => /<[a-z][^>]*>/i.test(withoutCodeSpans(text)))).toEqual([]);
  });
});
