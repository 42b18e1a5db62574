import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { MeshPolicyMessage } from '@meshfleet/plugin-mesh-common';
import { groupMessages } from './reviewErrors';

const LEVEL_COLOUR = {
  error: 'secondary',
  warning: 'default',
  info: 'default',
} as const;

function MessageLine(props: { message: MeshPolicyMessage }) {
  const m = props.message;
  return (
    <Box
      display="flex"
      alignItems="baseline"
      style={{ gap: 8 }}
      py={0.5}
      data-testid="validation-message"
    >
      <Chip
        size="small"
        label={m.level}
        color={LEVEL_COLOUR[m.level]}
        variant={m.level === 'error' ? 'default' : 'outlined'}
      />
      {m.code && <code>{m.code}</code>}
      <Box>
        {m.field && (
          <Typography variant="body2" component="div">
            <code>{m.field}</code>
          </Typography>
        )}
        <Typography variant="body2" component="div">
          {m.message}
        </Typography>
        {m.fix && (
          <Typography variant="body2" component="div" color="textSecondary">
            Fix: {m.fix}
          </Typography>
        )}
      </Box>
    </Box>
  );
}

/** Validation findings grouped by object, each with its level, code, field path, what is wrong and the fix. */
export function ValidationMessages(props: { messages: MeshPolicyMessage[] }) {
  if (props.messages.length === 0) {
    return (
      <Typography variant="body2">
        No findings: schema, analysis and the config cluster's dry run passed.
      </Typography>
    );
  }
  return (
    <>
      {groupMessages(props.messages).map(group => (
        <Box
          key={group.object}
          mb={1}
          aria-label={`findings for ${group.object}`}
          role="group"
        >
          <Typography variant="subtitle2">{group.object}</Typography>
          {group.messages.map((m, i) => (
            <MessageLine key={i} message={m} />
          ))}
        </Box>
      ))}
    </>
  );
}
