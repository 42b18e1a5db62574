import Button from '@material-ui/core/Button';
import RefreshIcon from '@material-ui/icons/Refresh';

/** Reads again from the mesh backend. Pages never refresh on a timer. */
export function RefreshButton(props: { onClick: () => void; disabled?: boolean }) {
  return (
    <Button
      variant="outlined"
      size="small"
      startIcon={<RefreshIcon />}
      onClick={props.onClick}
      disabled={props.disabled}
    >
      Refresh
    </Button>
  );
}
