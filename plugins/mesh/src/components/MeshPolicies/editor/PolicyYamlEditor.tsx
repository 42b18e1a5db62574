import { yaml } from '@codemirror/lang-yaml';
import { lintGutter } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useMemo, useRef } from 'react';
import { PolicyDiagnostic } from './diagnostics';
import { DiagnosticsList } from './DiagnosticsList';
import { policyLinter, ValidatePolicies } from './policyLinter';

/** Props of {@link PolicyYamlEditor}. */
export interface PolicyYamlEditorProps {
  value: string;
  onChange(value: string): void;
  /** Validates the documents as one batch (the policies API's `validate`). */
  validate: ValidatePolicies;
  /** The findings for the current text, once validated. */
  diagnostics: PolicyDiagnostic[];
  onDiagnostics(diagnostics: PolicyDiagnostic[]): void;
}

// The tooltip keeps the line break between a finding and its fix.
const diagnosticTheme = EditorView.theme({ '.cm-diagnosticText': { whiteSpace: 'pre-wrap' } });

/**
 * A YAML editor for Istio policies (one per document, `---` between them),
 * validated as the user types: syntax at once, then the policies API's
 * checks, each underlined at its field with its code, message and fix.
 */
export function PolicyYamlEditor(props: PolicyYamlEditorProps) {
  const viewRef = useRef<EditorView>();
  // Keep the extensions stable: a new linter on every render would restart validation.
  const latest = useRef(props);
  latest.current = props;
  const extensions = useMemo(
    () => [
      yaml(),
      lintGutter(),
      diagnosticTheme,
      policyLinter(
        (objects, signal) => latest.current.validate(objects, signal),
        diagnostics => latest.current.onDiagnostics(diagnostics),
      ),
    ],
    [],
  );
  const goTo = (diagnostic: PolicyDiagnostic) => {
    const view = viewRef.current;
    if (view) {
      view.dispatch({ selection: { anchor: diagnostic.from, head: diagnostic.to }, scrollIntoView: true });
      view.focus();
    }
  };
  return (
    <>
      <CodeMirror
        value={props.value}
        onChange={props.onChange}
        extensions={extensions}
        height="420px"
        aria-label="Policy YAML"
        onCreateEditor={view => {
          viewRef.current = view;
        }}
      />
      <DiagnosticsList diagnostics={props.diagnostics} onSelect={goTo} />
    </>
  );
}
