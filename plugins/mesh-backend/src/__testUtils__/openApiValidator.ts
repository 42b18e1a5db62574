import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parse } from 'yaml';

const spec = parse(readFileSync(resolve(__dirname, '../schema/openapi.yaml'), 'utf8'));

/**
 * Checks a response body against the schema the OpenAPI document declares for
 * that path, method and status, so the document and the code cannot drift apart.
 */
export function expectToMatchOpenApi(path: string, method: string, status: number, body: unknown): void {
  const response = spec.paths[path]?.[method]?.responses?.[String(status)];
  if (!response) {
    throw new Error(`openapi.yaml declares no ${status} response for ${method.toUpperCase()} ${path}`);
  }
  const content = response.$ref ? spec.components.responses[response.$ref.split('/').pop()].content : response.content;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ components: spec.components }, 'openapi.yaml');
  const schema = JSON.parse(JSON.stringify(content['application/json'].schema).replace(/"#\/components/g, '"openapi.yaml#/components'));
  const validate = ajv.compile(schema);
  if (!validate(body)) {
    throw new Error(
      `${method.toUpperCase()} ${path} ${status} does not match openapi.yaml: ${ajv.errorsText(validate.errors)}`,
    );
  }
}
