import { ResponseErrorPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import useAsyncFn from 'react-use/esm/useAsyncFn';

/** Asks before a write, runs it, and shows why it failed; closes on success. */
export function ConfirmDialog(props: {
  title: string;
  text: string;
  confirmLabel: string;
  onConfirm(): Promise<unknown>;
  onDone(): void;
  onClose(): void;
}) {
  const [state, confirm] = useAsyncFn(async () => {
    await props.onConfirm();
    props.onDone();
  }, [props.onConfirm, props.onDone]);
  return (
    <Dialog open onClose={props.onClose} aria-labelledby="confirm-title">
      <DialogTitle id="confirm-title">{props.title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          {props.text}
        </Typography>
        {state.error && <ResponseErrorPanel title={`${props.confirmLabel} failed`} error={state.error} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button color="primary" variant="contained" disabled={state.loading} onClick={confirm}>
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
