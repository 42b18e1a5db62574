import { InputError } from '@backstage/errors';
import { isIP } from 'node:net';

/*
 * Pure readers for operation request bodies. Each refusal names the field
 * path (`mesh.revision`) and what was expected.
 */

/** A DNS-1123 label: lower-case alphanumerics and `-`, at most 63, no dots. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 subdomain (dotted labels), at most 253. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A Kubernetes label value (a network name goes into `topology.istio.io/network`). */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** The body as an object, or an InputError naming `path`. */
export function objectAt(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${path || 'body'}: expected an object`);
  }
  return value as Record<string, unknown>;
}

function fieldPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** A required non-empty string field. */
export function requiredString(object: Record<string, unknown>, key: string, path: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`${fieldPath(path, key)}: expected a non-empty string`);
  }
  return value;
}

/** An optional string field (absent or a non-empty string). */
export function optionalString(object: Record<string, unknown>, key: string, path: string): string | undefined {
  return object[key] === undefined ? undefined : requiredString(object, key, path);
}

/** Checks a DNS-1123 label (cluster names, mesh ids, revisions). */
export function assertDnsLabel(value: string, field: string, what: string): string {
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    throw new InputError(
      `${field}: '${value}' is not a valid ${what}; expected a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters, no dots)`,
    );
  }
  return value;
}

/**
 * Checks a cluster name Meshfleet writes into object names (the remote secret
 * `istio-remote-secret-<cluster>`): a DNS-1123 subdomain.
 */
export function assertClusterName(value: string, field: string): string {
  if (value.length > 253 - 'istio-remote-secret-'.length || !DNS_SUBDOMAIN.test(value)) {
    throw new InputError(
      `${field}: '${value}' cannot name Istio's remote secret (istio-remote-secret-<cluster>); expected lower-case letters, digits, '-' and '.'`,
    );
  }
  return value;
}

/** Checks a Kubernetes label value (networks). */
export function assertLabelValue(value: string, field: string, what: string): string {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    throw new InputError(
      `${field}: '${value}' is not a valid ${what}; expected a Kubernetes label value (letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at most 63 characters)`,
    );
  }
  return value;
}

/** Checks an address members reach istiod at: an IP or a DNS name, without port or scheme. */
export function assertAddress(value: string, field: string): string {
  if (isIP(value) || (value.length <= 253 && DNS_SUBDOMAIN.test(value))) {
    return value;
  }
  throw new InputError(
    `${field}: '${value}' is not an address; expected an IP address or a DNS name (no scheme, no port: istiod is reached on 15012 and 15017)`,
  );
}

/** Rejects fields the kind does not know, so a typo is not silently ignored. */
export function assertOnlyKeys(object: Record<string, unknown>, keys: readonly string[], path: string): void {
  const unknown = Object.keys(object).filter(k => !keys.includes(k));
  if (unknown.length > 0) {
    throw new InputError(`${fieldPath(path, unknown[0])}: unknown field; expected only ${keys.join(', ')}`);
  }
}

/** Checks the body's `kind`. */
export function assertKind(body: Record<string, unknown>, kind: string): void {
  if (body.kind !== kind) {
    throw new InputError(`kind: expected '${kind}', got ${JSON.stringify(body.kind)}`);
  }
}
