import Ajv, { ValidateFunction } from 'ajv';

/*
 * The OpenAPI v3 schema of each Istio kind, from its CustomResourceDefinition
 * as the config cluster serves it, compiled with ajv the way the API server
 * judges an object: unknown fields are refused (server-side apply rejects a
 * field not declared in a structural schema unless the schema preserves
 * unknown fields), `x-kubernetes-*` keywords are ignored and CEL rules
 * (`x-kubernetes-validations`) are left to the dry run.
 */

/** The parts of a CustomResourceDefinition (apiextensions.k8s.io/v1) read here. */
export interface CustomResourceDefinition {
  metadata?: { name?: string; resourceVersion?: string };
  spec?: {
    group?: string;
    names?: { kind?: string };
    versions?: { name?: string; served?: boolean; schema?: { openAPIV3Schema?: JsonSchema } }[];
  };
}

/** A JSON schema node, as CRDs write them. */
export type JsonSchema = { [keyword: string]: unknown };

/** The compiled schema of one kind at one version. */
export interface KindSchema {
  /** `virtualservices.networking.istio.io`, for messages. */
  crd: string;
  /** Validates the object's `spec` (wrapped as `{ spec }`); errors carry `verbose` schema details. */
  validate: ValidateFunction;
}

const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateFormats: false, logger: false });

/** The schema with every closed object made strict: an object with `properties` accepts no other keys. */
export function closeObjects(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' || key === 'x-kubernetes-validations') continue;
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, closeObjects(v)]));
    } else if ((key === 'items' || key === 'additionalProperties' || key === 'not') && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = closeObjects(value as JsonSchema);
    } else if ((key === 'oneOf' || key === 'anyOf' || key === 'allOf') && Array.isArray(value)) {
      out[key] = value.map(v => closeObjects(v as JsonSchema));
    } else {
      out[key] = value;
    }
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/** Compiled schemas by `group/version/Kind`, each compiled once per CRD resourceVersion. */
export class PolicySchemas {
  private static readonly compiled = new Map<string, KindSchema>();

  private constructor(private readonly byKind: Map<string, KindSchema>) {}

  /** Schemas of the kinds these CRDs define, at every version they serve. */
  static fromCrds(crds: CustomResourceDefinition[]): PolicySchemas {
    const byKind = new Map<string, KindSchema>();
    for (const crd of crds) {
      const { group, names, versions } = crd.spec ?? {};
      const name = crd.metadata?.name ?? `${names?.kind}.${group}`;
      for (const version of versions ?? []) {
        const spec = version.schema?.openAPIV3Schema as { properties?: { spec?: JsonSchema } } | undefined;
        if (!version.served || !spec?.properties?.spec || !group || !names?.kind) continue;
        const cacheKey = `${name}@${crd.metadata?.resourceVersion ?? 'file'}/${version.name}`;
        let schema = PolicySchemas.compiled.get(cacheKey);
        if (!schema) {
          const wrapped = { type: 'object', properties: { spec: closeObjects(spec.properties.spec) } };
          schema = { crd: name, validate: ajv.compile(wrapped) };
          PolicySchemas.compiled.set(cacheKey, schema);
        }
        byKind.set(`${group}/${version.name}/${names.kind}`, schema);
      }
    }
    return new PolicySchemas(byKind);
  }

  /** The schema for an object's apiVersion and kind, if a CRD defines and serves it. */
  schemaOf(apiVersion: string, kind: string): KindSchema | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }
}
