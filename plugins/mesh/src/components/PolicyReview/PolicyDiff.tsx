import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';

const useStyles = makeStyles(theme => ({
  diff: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    whiteSpace: 'pre',
    overflowX: 'auto',
    margin: 0,
    padding: theme.spacing(1),
    background: theme.palette.background.default,
  },
  added: { color: theme.palette.success?.main ?? '#2e7d32' },
  removed: { color: theme.palette.error.main },
  context: { color: theme.palette.text.secondary },
}));

/** A unified diff of one object (its YAML before → after), additions green and removals red. */
export function PolicyDiff(props: { title: string; diff: string }) {
  const classes = useStyles();
  const lineClass = (line: string) => {
    if (
      line.startsWith('+++') ||
      line.startsWith('---') ||
      line.startsWith('@@') ||
      line.startsWith('Index:') ||
      line.startsWith('===')
    ) {
      return classes.context;
    }
    if (line.startsWith('+')) return classes.added;
    if (line.startsWith('-')) return classes.removed;
    return undefined;
  };
  return (
    <Box mb={2} aria-label={`diff of ${props.title}`} role="group">
      <Typography variant="subtitle2">{props.title}</Typography>
      {props.diff.trim() ? (
        <pre className={classes.diff}>
          {props.diff.split('\n').map((line, i) => (
            <div key={i} className={lineClass(line)}>
              {line || ' '}
            </div>
          ))}
        </pre>
      ) : (
        <Typography variant="body2">No change.</Typography>
      )}
    </Box>
  );
}
