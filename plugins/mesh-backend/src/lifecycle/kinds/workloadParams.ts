import { InputError } from '@backstage/errors';
import type { SidecarResources } from './injection';
import { assertOnlyKeys, objectAt, optionalString } from './params';

/*
 * Pure readers of the fields `injection.set` and `workload.restart` share
 * beyond params.ts: Deployment names, integers in a range, booleans and the
 * sidecar's resources. Each refusal names the field and what was expected.
 */

/** A DNS-1123 subdomain: what Kubernetes accepts as a Deployment's name. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A Kubernetes quantity as resource requests take it (no sign): a decimal
 * number with an optional binary (Ki…Ei), decimal (n, u, m, k, M…E) or
 * exponent suffix, e.g. `100m`, `0.5`, `128Mi`, `1e3`. Istio copies the
 * annotation into the sidecar's resources, so a bad one would fail every
 * pod's creation instead of this request.
 */
const QUANTITY = /^(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const RESOURCE_FIELDS: (keyof SidecarResources)[] = ['cpuRequest', 'memoryRequest', 'cpuLimit', 'memoryLimit'];

/** Checks a Deployment name. */
export function assertWorkloadName(value: string, field: string): string {
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    throw new InputError(
      `${field}: '${value}' is not a Deployment name; expected a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253 characters)`,
    );
  }
  return value;
}

/** A required boolean field. */
export function requiredBoolean(object: Record<string, unknown>, key: string): boolean {
  const value = object[key];
  if (typeof value !== 'boolean') {
    throw new InputError(`${key}: expected true or false, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

/** An optional integer field within [min, max], else `fallback`. */
export function integerInRange(
  object: Record<string, unknown>,
  key: string,
  range: { min: number; max: number; fallback: number },
): number {
  const value = object[key];
  if (value === undefined) return range.fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw new InputError(`${key}: expected an integer from ${range.min} to ${range.max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** An optional non-empty list of distinct Deployment names. */
export function optionalWorkloadList(object: Record<string, unknown>, key: string): string[] | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw new InputError(`${key}: expected a non-empty list of Deployment names (leave it out for every Deployment of the namespace)`);
  }
  const names = value.map((item, index) => {
    if (typeof item !== 'string') throw new InputError(`${key}[${index}]: expected a Deployment name, got ${JSON.stringify(item)}`);
    return assertWorkloadName(item, `${key}[${index}]`);
  });
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated) throw new InputError(`${key}: '${repeated}' is listed twice`);
  return names;
}

/** Checks a Kubernetes quantity (a resource request or limit). */
export function assertQuantity(value: string, field: string): string {
  if (!QUANTITY.test(value)) {
    throw new InputError(`${field}: '${value}' is not a Kubernetes quantity; expected e.g. 100m, 0.5, 128Mi or 1Gi`);
  }
  return value;
}

/** The optional `resources` object: only the four known fields, each a quantity; undefined when absent or empty. */
export function optionalResources(object: Record<string, unknown>, key: string): SidecarResources | undefined {
  if (object[key] === undefined) return undefined;
  const resources = objectAt(object[key], key);
  assertOnlyKeys(resources, RESOURCE_FIELDS, key);
  const entries = RESOURCE_FIELDS.flatMap(field => {
    const value = optionalString(resources, field, key);
    return value === undefined ? [] : [[field, assertQuantity(value, `${key}.${field}`)] as const];
  });
  return entries.length ? Object.fromEntries(entries) : undefined;
}
