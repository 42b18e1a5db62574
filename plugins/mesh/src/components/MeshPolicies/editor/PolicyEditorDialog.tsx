import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { useCallback, useRef, useState } from 'react';
import { PolicyReview } from '../../PolicyReview';
import { PolicyDiagnostic } from './diagnostics';
import { parsePolicyDocuments, PolicyObject } from './policyDocuments';
import { PolicyYamlEditor } from './PolicyYamlEditor';

/** Props of {@link PolicyEditorDialog}. */
export interface PolicyEditorDialogProps {
  meshId: string;
  title: string;
  /** The YAML to start from: a template for a new policy, or the policy being changed. */
  initialText: string;
  onClose(): void;
  /** Called after the batch was applied (the dialog stays open on what was applied). */
  onApplied(): void;
}

/**
 * Write policies as YAML: the editor validates as the user types; Review
 * shows the dry run (findings, impact, diff) and applies the batch, all or nothing.
 */
export function PolicyEditorDialog(props: PolicyEditorDialogProps) {
  const meshApi = useApi(meshApiRef);
  const [text, setText] = useState(props.initialText);
  const [diagnostics, setDiagnostics] = useState<PolicyDiagnostic[]>([]);
  const [reviewing, setReviewing] = useState<PolicyObject[]>();
  const validate = useCallback(
    (objects: PolicyObject[], signal?: AbortSignal) => meshApi.validateMeshPolicies(props.meshId, { objects }, { signal }),
    [meshApi, props.meshId],
  );
  // The review calls back once per applied batch; a stable callback keeps it from calling again on re-render.
  const onApplied = useRef(props.onApplied);
  onApplied.current = props.onApplied;
  const applied = useCallback(() => onApplied.current(), []);
  const errors = diagnostics.filter(d => d.severity === 'error').length;
  const parsed = parsePolicyDocuments(text);
  const canReview = errors === 0 && parsed.problems.length === 0 && parsed.objects.length > 0;

  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="lg" aria-labelledby="policy-editor-title">
      <DialogTitle id="policy-editor-title">{props.title}</DialogTitle>
      <DialogContent>
        {reviewing ? (
          <PolicyReview meshId={props.meshId} objects={reviewing} onApplied={applied} />
        ) : (
          <>
            <Typography variant="body2" paragraph>
              One object per YAML document; separate several with <code>---</code>. They are validated and
              applied together, all or nothing, in the mesh's config cluster.
            </Typography>
            <PolicyYamlEditor
              value={text}
              onChange={setText}
              validate={validate}
              diagnostics={diagnostics}
              onDiagnostics={setDiagnostics}
            />
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
        {reviewing && <Button onClick={() => setReviewing(undefined)}>Back to the editor</Button>}
        {!reviewing && (
          <Button
            color="primary"
            variant="contained"
            disabled={!canReview}
            title={errors > 0 ? `${errors} error(s) to fix first` : undefined}
            onClick={() => setReviewing(parsed.objects)}
          >
            Review and apply
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
