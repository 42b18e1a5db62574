import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { stringify } from 'yaml';

/** The parts of a policy a diff shows: what a user writes, not what the API server adds. */
export interface PolicyContent {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  spec?: unknown;
}

/** A stored object or a MeshPolicy: what a diff reads of either. */
export interface PolicyLike {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
}

// kubectl's copy of the whole object: noise in a diff (the change shows in spec already).
const KUBECTL_LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A stored or sent object's diffable content (server-added metadata and kubectl's copy left out). */
export function contentOf(object: PolicyLike | undefined): PolicyContent | undefined {
  if (!object) return undefined;
  const { labels } = object.metadata ?? {};
  const annotations = Object.fromEntries(Object.entries(object.metadata?.annotations ?? {}).filter(([k]) => k !== KUBECTL_LAST_APPLIED));
  return {
    ...(labels && Object.keys(labels).length ? { labels } : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
    spec: object.spec ?? {},
  };
}

/** Whether two contents are the same policy as a diff sees it. */
export function sameContent(a: PolicyContent | undefined, b: PolicyContent | undefined): boolean {
  return yamlOf(a) === yamlOf(b);
}

/** YAML with sorted keys, so that key order never shows as a change. */
function yamlOf(content: PolicyContent | undefined): string {
  return content ? stringify(content, { sortMapEntries: true }) : '';
}

/**
 * Unified diff of a policy's YAML (labels, annotations, spec), before → after,
 * named `a/<name>` and `b/<name>` as git does (`/dev/null` for an object that
 * did not exist or no longer does). Empty when nothing changed.
 */
export function policyDiff(name: string, before: PolicyContent | undefined, after: PolicyContent | undefined): string {
  const from = yamlOf(before);
  const to = yamlOf(after);
  if (from === to) return '';
  return createTwoFilesPatch(before ? `a/${name}` : '/dev/null', after ? `b/${name}` : '/dev/null', from, to, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
}
