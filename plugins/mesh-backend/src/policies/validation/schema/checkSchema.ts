import type { ErrorObject } from 'ajv';
import type { Finding } from '../types';
import type { PolicySchemas } from './crdSchemas';

/*
 * The schema layer: an object's spec against its CRD's schema. Each ajv
 * error becomes one IST0106 message naming the field (`spec.http[0].timeout`)
 * and what was expected there.
 */

/** The top-level fields a policy object may have. */
const TOP_LEVEL = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);

/** A JSON pointer into the object as a field path: `/spec/http/0/timeout` → `spec.http[0].timeout`. */
export function fieldPath(pointer: string, data: unknown): string {
  let path = '';
  let node: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) path += `[${key}]`;
    else if (!path) path = key;
    else path += /^[A-Za-z_][\w-]*$/.test(key) ? `.${key}` : `["${key}"]`;
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return path;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The alternatives of a oneOf as Istio's CRDs write them (one `required` per branch): the fields to choose among. */
function oneOfFields(schema: unknown): string[] {
  if (!Array.isArray(schema)) return [];
  return [...new Set(schema.flatMap(branch => (Array.isArray(branch?.required) ? (branch.required as string[]) : [])))];
}

function knownFields(parentSchema: unknown): string {
  const names = Object.keys((parentSchema as { properties?: object })?.properties ?? {});
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, ...` : names.join(', ');
}

interface Described {
  field: string;
  message: string;
  fix: string;
}

function describe(error: ErrorObject, data: unknown): Described {
  const field = fieldPath(error.instancePath, data);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const unknown = String(params.additionalProperty);
      return {
        field: `${field}.${unknown}`,
        message: `unknown field "${unknown}": the CRD's schema does not declare it, so the API server refuses it (server-side apply: field not declared in schema) rather than pruning it`,
        fix: `Remove it or correct its name; ${field} accepts ${knownFields(error.parentSchema)}.`,
      };
    }
    case 'required':
      return {
        field: `${field}.${String(params.missingProperty)}`,
        message: `required field "${String(params.missingProperty)}" is missing`,
        fix: `Set ${field}.${String(params.missingProperty)}.`,
      };
    case 'type':
      return {
        field,
        message: `expected ${article(String(params.type))}, got ${describeValue(error.data)}`,
        fix: `Write ${field} as ${article(String(params.type))}${params.type === 'string' ? ' (quote it; durations are written like "5s")' : ''}.`,
      };
    case 'enum':
      return {
        field,
        message: `${describeValue(error.data)} is not allowed; expected one of ${(params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}`,
        fix: `Use one of ${(params.allowedValues as unknown[]).join(', ')}.`,
      };
    case 'oneOf': {
      const choices = oneOfFields(error.schema);
      return {
        field,
        message: choices.length ? `at most one of ${choices.join(', ')} may be set` : 'the value matches more than one of the allowed shapes',
        fix: choices.length ? `Keep one of ${choices.join(', ')} and remove the others.` : `Correct ${field} to one allowed shape.`,
      };
    }
    case 'anyOf':
      return {
        field,
        message: (error.parentSchema as Record<string, unknown>)?.['x-kubernetes-int-or-string'] ? `expected an integer or a string, got ${describeValue(error.data)}` : `got ${describeValue(error.data)}, which matches none of the allowed shapes`,
        fix: `Correct ${field}.`,
      };
    default:
      return { field, message: `${error.message ?? 'is invalid'} (${error.keyword})`, fix: `Correct ${field} as the ${error.keyword} rule says.` };
  }
}

/** Errors worth a message: not the branches of a failed oneOf/anyOf (their own error says it once). */
function meaningful(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter(e => !/\/(oneOf|anyOf|not)\//.test(e.schemaPath));
}

/** The schema layer's findings for one object (already addressed: kind, namespace and name known). */
export function checkSchema(
  schemas: PolicySchemas,
  object: { apiVersion: string; kind: string; metadata: { namespace: string; name: string }; spec?: unknown },
  topLevelFields: string[],
): Finding[] {
  const base = { code: 'IST0106', level: 'error' as const, layer: 'schema' as const, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name };
  const findings: Finding[] = topLevelFields
    .filter(k => !TOP_LEVEL.has(k))
    .map(k => ({
      ...base,
      field: k,
      message: `Schema validation error: unknown top-level field "${k}"; the API server refuses it`,
      fix: 'Put the settings under spec (a policy object has apiVersion, kind, metadata and spec).',
    }));
  const schema = schemas.schemaOf(object.apiVersion, object.kind);
  if (!schema) {
    return [
      ...findings,
      {
        ...base,
        code: undefined,
        message: `The config cluster serves no CustomResourceDefinition for ${object.apiVersion} ${object.kind}, so its schema was not checked (Istio's CRDs missing or of another version)`,
        fix: `Install Istio's CRDs in the config cluster (helm chart istio/base), or use an apiVersion it serves.`,
      },
    ];
  }
  const data = { spec: object.spec };
  if (schema.validate(data)) return findings;
  const seen = new Set<string>();
  for (const error of meaningful(schema.validate.errors ?? [])) {
    const d = describe(error, data);
    const key = `${d.field}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({ ...base, field: d.field, message: `Schema validation error: ${d.field}: ${d.message} (${schema.crd})`, fix: d.fix });
  }
  return findings;
}
