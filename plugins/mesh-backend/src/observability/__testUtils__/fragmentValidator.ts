import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parse } from 'yaml';

/*
 * Checks response bodies against openapi-fragment.yaml, resolved together
 * with the mesh backend's openapi.yaml (whose Error schema it reuses), so the
 * fragment and the code cannot drift apart before the fragment is merged.
 */

const base = parse(readFileSync(resolve(__dirname, '../../schema/openapi.yaml'), 'utf8'));
const fragment = parse(readFileSync(resolve(__dirname, '../openapi-fragment.yaml'), 'utf8'));

const components: Record<string, Record<string, unknown>> = {};
for (const doc of [base, fragment]) {
  for (const [section, entries] of Object.entries<Record<string, unknown>>(doc.components ?? {})) {
    components[section] = { ...components[section], ...entries };
  }
}

/** Throws naming the mismatch when `body` breaks the fragment's schema for that response. */
export function expectToMatchFragment(path: string, status: number, body: unknown): void {
  const response = fragment.paths[path]?.get?.responses?.[String(status)];
  if (!response) {
    throw new Error(`openapi-fragment.yaml declares no ${status} response for GET ${path}`);
  }
  const content = response.$ref ? (components.responses[response.$ref.split('/').pop()] as any).content : response.content;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ components }, 'spec');
  const schema = JSON.parse(JSON.stringify(content['application/json'].schema).replace(/"#\/components/g, '"spec#/components'));
  const validate = ajv.compile(schema);
  if (!validate(body)) {
    throw new Error(`GET ${path} ${status} does not match openapi-fragment.yaml: ${ajv.errorsText(validate.errors)}`);
  }
}
