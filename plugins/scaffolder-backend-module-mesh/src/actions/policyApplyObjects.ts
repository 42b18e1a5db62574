import { InputError } from '@backstage/errors';
import type { MeshPolicyApplyRequest } from '@meshfleet/plugin-mesh-common';
import { parseAllDocuments } from 'yaml';

/*
 * The policies a `mesh:policy:apply` step was given, as the apply request's
 * objects. Pure. Only what is needed to address an object is checked here
 * (kind, apiVersion, metadata with name and namespace, a spec), so a step
 * input that cannot be an Istio object fails naming the document or item and
 * the field; what the spec may hold is the mesh backend's validation.
 */

/** One object of an apply request. */
export type PolicyApplyObject = MeshPolicyApplyRequest['objects'][number];

/** The most objects the mesh backend applies at once (all or nothing). */
export const MAX_POLICY_OBJECTS = 50;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/**
 * The value checked as a policy object; `where` names it in errors
 * (`objects[1]`, `manifest document 2`).
 */
export function policyObjectOf(value: unknown, where: string): PolicyApplyObject {
  if (!isRecord(value)) {
    throw new InputError(`${where}: expected a Kubernetes object (a mapping with apiVersion, kind, metadata and spec), got ${describeValue(value)}`);
  }
  if (!nonEmptyString(value.kind)) {
    throw new InputError(`${where}.kind: expected an Istio kind such as VirtualService or PeerAuthentication`);
  }
  if (!nonEmptyString(value.apiVersion)) {
    throw new InputError(`${where}.apiVersion: expected the ${value.kind}'s API version, e.g. networking.istio.io/v1 or security.istio.io/v1`);
  }
  const metadata = value.metadata;
  if (!isRecord(metadata)) {
    throw new InputError(`${where}.metadata (${value.kind}): expected a mapping with name and namespace`);
  }
  if (!nonEmptyString(metadata.name)) {
    throw new InputError(`${where}.metadata.name (${value.kind}): expected the object's name`);
  }
  if (!nonEmptyString(metadata.namespace)) {
    throw new InputError(
      `${where}.metadata.namespace (${value.kind} ${metadata.name}): expected a namespace; every Istio policy is namespaced (istio-system for mesh-wide ones)`,
    );
  }
  if (!isRecord(value.spec)) {
    throw new InputError(`${where}.spec (${value.kind} ${metadata.namespace}/${metadata.name}): expected a mapping`);
  }
  return value as unknown as PolicyApplyObject;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

function withinLimit(objects: PolicyApplyObject[], field: string): PolicyApplyObject[] {
  if (objects.length === 0) {
    throw new InputError(`${field}: expected at least one policy`);
  }
  if (objects.length > MAX_POLICY_OBJECTS) {
    throw new InputError(`${field}: at most ${MAX_POLICY_OBJECTS} policies per apply (applied all or nothing), got ${objects.length}`);
  }
  return objects;
}

/**
 * The objects of a multi-document YAML string. Documents are counted from 1
 * as they appear (`---` separated); empty ones are skipped, as kubectl does.
 */
export function objectsFromManifest(manifest: string): PolicyApplyObject[] {
  const objects: PolicyApplyObject[] = [];
  parseAllDocuments(manifest).forEach((document, index) => {
    const where = `manifest document ${index + 1}`;
    if (document.errors.length > 0) {
      throw new InputError(`${where}: not valid YAML: ${document.errors[0].message}`);
    }
    const value: unknown = document.toJS();
    if (value !== null && value !== undefined) {
      objects.push(policyObjectOf(value, where));
    }
  });
  return withinLimit(objects, 'manifest');
}

/** The objects of a step's input: `objects` or `manifest`, exactly one of them. */
export function policyObjectsOfInput(input: { objects?: unknown[]; manifest?: string }): PolicyApplyObject[] {
  const hasObjects = input.objects !== undefined;
  const hasManifest = input.manifest !== undefined && input.manifest.trim() !== '';
  if (hasObjects === hasManifest) {
    throw new InputError(
      hasObjects
        ? 'objects, manifest: expected one of them, got both'
        : 'objects, manifest: expected the policies as objects (a list) or as manifest (a multi-document YAML string)',
    );
  }
  if (hasManifest) {
    return objectsFromManifest(input.manifest!);
  }
  return withinLimit(
    input.objects!.map((object, index) => policyObjectOf(object, `objects[${index}]`)),
    'objects',
  );
}
