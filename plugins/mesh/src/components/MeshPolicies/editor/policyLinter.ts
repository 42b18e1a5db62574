import { linter } from '@codemirror/lint';
import type { EditorView } from '@codemirror/view';
import type { MeshPolicyMessage, MeshPolicyValidateResponse } from '@meshfleet/plugin-mesh-common';
import {
  diagnosticFromFailure,
  diagnosticsFromMessages,
  diagnosticsFromProblems,
  PolicyDiagnostic,
} from './diagnostics';
import { parsePolicyDocuments, PolicyObject } from './policyDocuments';

/** How long the editor waits after the last keystroke before it validates. */
export const VALIDATE_DELAY_MS = 500;

/** Validation as the policies API does it (`validateMeshPolicies` of one mesh). */
export type ValidatePolicies = (objects: PolicyObject[], signal?: AbortSignal) => Promise<MeshPolicyValidateResponse>;

/** A diagnostic's text in the editor's tooltip: the finding, then what to do. */
function withFix(diagnostic: PolicyDiagnostic): PolicyDiagnostic {
  return diagnostic.fix ? { ...diagnostic, message: `${diagnostic.message}\nFix: ${diagnostic.fix}` } : diagnostic;
}

/**
 * The findings for the editor's text: syntax errors found locally (nothing is
 * sent then), else the policies API's validation of the documents as one batch.
 */
export async function lintPolicyText(
  text: string,
  validate: ValidatePolicies,
  signal?: AbortSignal,
): Promise<PolicyDiagnostic[]> {
  const parsed = parsePolicyDocuments(text);
  if (parsed.problems.length > 0) {
    return diagnosticsFromProblems(text, parsed);
  }
  if (parsed.objects.length === 0) {
    return [];
  }
  try {
    const response = await validate(parsed.objects, signal);
    return diagnosticsFromMessages(text, parsed, response.messages);
  } catch (error) {
    // A refusal of the request that still names findings is shown like them.
    const messages = (error as { messages?: MeshPolicyMessage[] }).messages;
    if (Array.isArray(messages)) {
      return diagnosticsFromMessages(text, parsed, messages);
    }
    return [diagnosticFromFailure(error as Error)];
  }
}

/**
 * CodeMirror's linter over {@link lintPolicyText}, run {@link VALIDATE_DELAY_MS}
 * after the last change (CodeMirror drops an answer for text changed since).
 * `onResult` gets the findings of the text the editor still shows.
 */
export function policyLinter(validate: ValidatePolicies, onResult: (diagnostics: PolicyDiagnostic[]) => void) {
  // A request for text the user has typed past is cancelled: its answer would be dropped anyway.
  let inFlight: AbortController | undefined;
  return linter(
    async (view: EditorView) => {
      inFlight?.abort();
      const controller = new AbortController();
      inFlight = controller;
      const text = view.state.doc.toString();
      const diagnostics = await lintPolicyText(text, validate, controller.signal);
      if (controller.signal.aborted) {
        return [];
      }
      if (view.state.doc.toString() === text) {
        onResult(diagnostics);
      }
      return diagnostics.map(withFix);
    },
    { delay: VALIDATE_DELAY_MS },
  );
}
