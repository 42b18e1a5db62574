import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import type { MeshPolicy } from '@meshfleet/plugin-mesh-common';
import { stringify } from 'yaml';
import { objectLabel } from './reviewErrors';

/** The object as it is now, as YAML: what someone else changed. */
function currentYaml(current: MeshPolicy): string {
  const { name, namespace, resourceVersion, labels, annotations } =
    current.metadata;
  return stringify({
    metadata: { name, namespace, resourceVersion, labels, annotations },
    spec: current.spec,
    managedBy: current.managedBy,
  });
}

/**
 * A policy changed (or was deleted) since the form read it: shows it as it is
 * now, and lets the user rebuild their change on it (nothing was applied).
 */
export function ConflictDialog(props: {
  message: string;
  current?: MeshPolicy;
  onRebuild?(): void;
  onClose(): void;
}) {
  const title = props.current
    ? `${objectLabel(props.current)} changed since you opened it`
    : 'A policy changed since you opened it';
  return (
    <Dialog
      open
      onClose={props.onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="policy-conflict-title"
    >
      <DialogTitle id="policy-conflict-title">{title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          {props.message}
        </Typography>
        {props.current ? (
          <>
            <Typography variant="subtitle2">As it is now</Typography>
            <pre
              style={{
                fontFamily: 'monospace',
                fontSize: '0.8rem',
                overflowX: 'auto',
              }}
            >
              {currentYaml(props.current)}
            </pre>
          </>
        ) : (
          <Typography variant="body2">It was deleted.</Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
        {props.onRebuild && (
          <Button color="primary" variant="contained" onClick={props.onRebuild}>
            Rebuild on the current version
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
