import Typography from '@material-ui/core/Typography';
import { DiscoveryWarning } from '@meshfleet/plugin-mesh-common';

/** One discovery warning as `cluster · object: message`. */
export function warningText(warning: DiscoveryWarning): string {
  const where = [warning.cluster, warning.object].filter(Boolean).join(' · ');
  return where ? `${where}: ${warning.message}` : warning.message;
}

/** Discovery warnings, one line each, naming the cluster and object at fault. */
export function WarningsList(props: { warnings: DiscoveryWarning[]; empty?: string }) {
  if (props.warnings.length === 0) {
    return <>{props.empty ?? '—'}</>;
  }
  return (
    <>
      {props.warnings.map((warning, index) => (
        <Typography key={index} variant="body2" component="div">
          {warningText(warning)}
        </Typography>
      ))}
    </>
  );
}
