import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { StatusError, StatusOK, StatusWarning } from '@backstage/core-components';
import { PolicyDiagnostic } from './diagnostics';

const wrap = { whiteSpace: 'normal', overflowWrap: 'anywhere' } as const;

function Severity(props: { severity: PolicyDiagnostic['severity'] }) {
  if (props.severity === 'error') {
    return <StatusError>Error</StatusError>;
  }
  return props.severity === 'warning' ? <StatusWarning>Warning</StatusWarning> : <StatusOK>Info</StatusOK>;
}

/** The editor's findings as a list: line, level, code and message, and the fix; a click goes to the field. */
export function DiagnosticsList(props: {
  diagnostics: PolicyDiagnostic[];
  onSelect(diagnostic: PolicyDiagnostic): void;
}) {
  if (props.diagnostics.length === 0) {
    return null;
  }
  return (
    <>
      <List dense aria-label="Validation findings">
      {props.diagnostics.map((diagnostic, index) => (
        <ListItem key={index} button onClick={() => props.onSelect(diagnostic)}>
          <ListItemText
            // Findings are long sentences: wrap them rather than cut them at the dialog's edge.
            primaryTypographyProps={{ style: wrap }}
            secondaryTypographyProps={{ style: wrap }}
            primary={
              <>
                <Severity severity={diagnostic.severity} /> Line {diagnostic.line}: {diagnostic.message}
              </>
            }
            secondary={diagnostic.fix ? `Fix: ${diagnostic.fix}` : undefined}
          />
        </ListItem>
      ))}
      </List>
      <Typography variant="caption" color="textSecondary">
        Checked by the mesh backend: the CRD's schema, analysis across the mesh's clusters and a dry run in its
        config cluster.
      </Typography>
    </>
  );
}
