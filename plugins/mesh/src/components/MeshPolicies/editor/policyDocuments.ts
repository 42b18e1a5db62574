import { Document, parseAllDocuments } from 'yaml';
import type { MeshPolicyApplyRequest } from '@meshfleet/plugin-mesh-common';

/** An object of the batch, as the policies API takes it. */
export type PolicyObject = MeshPolicyApplyRequest['objects'][number];

/** A problem found in the text itself, before anything is sent: offsets into the text. */
export interface LocalProblem {
  from: number;
  to: number;
  message: string;
}

/** The editor's text read as a batch of policy objects. */
export interface ParsedPolicies {
  /** The documents that hold an object, in the order of `objects` (index i is objects[i]). */
  documents: Document[];
  objects: PolicyObject[];
  /** Syntax errors and documents that are not objects; when any, nothing is sent for validation. */
  problems: LocalProblem[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads YAML text with one policy per document (`---` between them) into the
 * batch the policies API validates and applies. Empty documents (a trailing
 * `---`) are skipped. The API judges the objects' contents; this only finds
 * what keeps the text from being objects at all.
 */
export function parsePolicyDocuments(text: string): ParsedPolicies {
  const parsed: ParsedPolicies = { documents: [], objects: [], problems: [] };
  for (const doc of parseAllDocuments(text, { prettyErrors: false })) {
    for (const error of doc.errors) {
      const [from, to] = error.pos;
      parsed.problems.push({ from, to: Math.max(to, from), message: `YAML: ${error.message}` });
    }
    if (doc.errors.length > 0) {
      continue;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) {
      continue; // an empty document: nothing between two `---`, or after the last
    }
    if (!isPlainObject(value)) {
      const [from, to] = doc.contents?.range ?? [0, 0];
      parsed.problems.push({
        from,
        to,
        message: 'Each document must be one Istio object (a mapping with apiVersion, kind, metadata and spec)',
      });
      continue;
    }
    parsed.documents.push(doc);
    parsed.objects.push(value as unknown as PolicyObject);
  }
  return parsed;
}
