import type { Diagnostic } from '@codemirror/lint';
import type { MeshPolicyMessage } from '@meshfleet/plugin-mesh-common';
import { fieldRange } from './fieldRange';
import { ParsedPolicies } from './policyDocuments';

/**
 * A finding placed in the editor's text: the lint diagnostic CodeMirror
 * underlines, and what the list under the editor shows.
 */
export interface PolicyDiagnostic extends Diagnostic {
  /** The analyzer code (`IST0101`, `MSH0001`), when the finding has one. */
  code?: string;
  /** The field path as the API named it. */
  field?: string;
  /** What to do about it. */
  fix?: string;
  /** 1-based line of `from`, for the list. */
  line: number;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
    }
  }
  return line;
}

/** The object a message is about: by index in the batch, else by kind and name, else the first. */
function documentIndexOf(parsed: ParsedPolicies, message: MeshPolicyMessage): number {
  if (message.objectIndex !== undefined && message.objectIndex < parsed.documents.length) {
    return message.objectIndex;
  }
  const byName = parsed.objects.findIndex(
    object =>
      object?.kind === message.kind &&
      object?.metadata?.name === message.name &&
      (object?.metadata?.namespace ?? '') === (message.namespace ?? ''),
  );
  return Math.max(byName, 0);
}

function messageText(message: MeshPolicyMessage): string {
  const code = message.code ? `${message.code} ` : '';
  const field = message.field ? ` (${message.field})` : '';
  return `${code}${message.message}${field}`;
}

/**
 * Places the policies API's findings in the editor's text: each at the YAML
 * node of its field path (or the nearest existing part of it), in the
 * document of its object.
 */
export function diagnosticsFromMessages(
  text: string,
  parsed: ParsedPolicies,
  messages: MeshPolicyMessage[],
): PolicyDiagnostic[] {
  if (parsed.documents.length === 0) {
    return [];
  }
  return messages.map(message => {
    const doc = parsed.documents[documentIndexOf(parsed, message)];
    const { from, to } = fieldRange(text, doc, message.field);
    return {
      from,
      to,
      line: lineOf(text, from),
      severity: message.level,
      source: message.layer,
      message: messageText(message),
      code: message.code,
      field: message.field,
      fix: message.fix,
    };
  });
}

/** Syntax problems found before anything was sent, as diagnostics. */
export function diagnosticsFromProblems(text: string, parsed: ParsedPolicies): PolicyDiagnostic[] {
  return parsed.problems.map(problem => ({
    from: problem.from,
    to: problem.to,
    line: lineOf(text, problem.from),
    severity: 'error',
    source: 'yaml',
    message: problem.message,
  }));
}

/** A validation request that failed (e.g. the backend refused the body): one diagnostic at the start. */
export function diagnosticFromFailure(error: Error): PolicyDiagnostic {
  return { from: 0, to: 0, line: 1, severity: 'error', source: 'validate', message: `Could not validate: ${error.message}` };
}
