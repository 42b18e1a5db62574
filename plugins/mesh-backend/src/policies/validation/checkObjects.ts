import type { MeshPolicyMessage } from '@meshfleet/plugin-mesh-common';
import { policyKindNamed, POLICY_KINDS } from '../policyKinds';
import { analyzeBatch } from './analysis/analyze';
import type { PolicySchemas } from './schema/crdSchemas';
import { checkSchema } from './schema/checkSchema';
import type { AnalyzedObject, Finding, MeshState } from './types';

/*
 * Layers 1 and 2 over a batch, pure: address each object (kind, name and
 * namespace; an object still being typed gets a message, not an exception),
 * check the addressed ones against their CRD's schema, then analyze those
 * that passed it against the mesh's state. The dry run (layer 3) needs the
 * config cluster and is PolicyService's.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** An object of the request that names a known kind, a name and a namespace. */
export interface AddressedObject extends AnalyzedObject {
  apiVersion: string;
  index: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object, addressed; or the messages saying what it lacks. */
export function addressObject(value: unknown, index: number): AddressedObject | MeshPolicyMessage[] {
  const raw = isRecord(value) ? value : {};
  const metadata = isRecord(raw.metadata) ? raw.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  const kindName = typeof raw.kind === 'string' ? raw.kind : '';
  const base = { level: 'error' as const, layer: 'schema' as const, code: 'IST0106', kind: kindName || 'object', namespace, name, objectIndex: index };
  const problems: MeshPolicyMessage[] = [];
  const kind = policyKindNamed(kindName);
  if (!kind) {
    problems.push({ ...base, field: 'kind', message: `'${kindName}' is not a policy kind Meshfleet manages`, fix: `Use one of ${POLICY_KINDS.map(k => k.kind).join(', ')}.` });
  } else if (raw.apiVersion !== kind.apiVersion) {
    problems.push({ ...base, field: 'apiVersion', message: `${kind.kind} is written as ${kind.apiVersion}, not '${String(raw.apiVersion ?? '')}'`, fix: `Set apiVersion: ${kind.apiVersion}.` });
  }
  if (!name || name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    problems.push({ ...base, field: 'metadata.name', message: `expected a lowercase DNS subdomain name, got '${name}'`, fix: 'Name the object: lowercase letters, digits, - and . (e.g. reviews-canary).' });
  }
  if (!namespace || namespace.length > 63 || !DNS_LABEL.test(namespace)) {
    problems.push({ ...base, field: 'metadata.namespace', message: `expected a namespace name (every policy kind is namespaced), got '${namespace}'`, fix: 'Set metadata.namespace to the namespace the policy governs.' });
  }
  if (!isRecord(raw.spec)) {
    problems.push({ ...base, field: 'spec', message: 'expected an object', fix: 'Add the spec of the policy.' });
  }
  if (problems.length) return problems;
  return {
    apiVersion: raw.apiVersion as string,
    kind: kindName,
    metadata: metadata as AnalyzedObject['metadata'],
    spec: raw.spec as Record<string, unknown>,
    index,
  };
}

/** Ties a finding to the request's object it is about. */
function withIndex(finding: Finding, objects: AddressedObject[]): MeshPolicyMessage {
  const object = objects.find(o => o.kind === finding.kind && o.metadata.namespace === finding.namespace && o.metadata.name === finding.name);
  return object ? { ...finding, objectIndex: object.index } : finding;
}

/** Result of layers 1 and 2. */
export interface StaticCheck {
  messages: MeshPolicyMessage[];
  /** The objects with no error in either layer (the ones worth a dry run). */
  passed: AddressedObject[];
}

/**
 * Layers 1 and 2 for a batch. With `reportExisting`, the analysis also
 * reports on the objects already in the config cluster (as istioctl does).
 */
export function checkObjects(objects: readonly unknown[], schemas: PolicySchemas, state: MeshState, options: { reportExisting?: boolean } = {}): StaticCheck {
  const messages: MeshPolicyMessage[] = [];
  const addressed: AddressedObject[] = [];
  objects.forEach((value, i) => {
    const result = addressObject(value, i);
    if (Array.isArray(result)) messages.push(...result);
    else addressed.push(result);
  });
  const schemaValid = addressed.filter(object => {
    const found = checkSchema(schemas, object, Object.keys(objects[object.index] as object)).map(f => withIndex(f, [object]));
    messages.push(...found);
    return !found.some(m => m.level === 'error');
  });
  messages.push(...analyzeBatch(state, schemaValid, options).map(f => withIndex(f, addressed)));
  const failed = new Set(messages.filter(m => m.level === 'error').map(m => m.objectIndex));
  return { messages, passed: schemaValid.filter(o => !failed.has(o.index)) };
}
