import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import WarningIcon from '@material-ui/icons/Warning';
import type { NamespaceSidecarInjection, WorkloadSidecars } from '@meshfleet/plugin-mesh-common';
import { StatusOK } from '@backstage/core-components';
import { mismatchExplanation, mismatchGroups, mismatchLabel } from './sidecarText';

/**
 * A workload's sidecar status: "in sync", or a warning chip per kind of
 * mismatched pod, whose tooltip (and accessible name) says what differs, what
 * to do and which pods.
 */
export function MismatchChips(props: { workload: WorkloadSidecars; namespace?: NamespaceSidecarInjection }) {
  const { workload, namespace } = props;
  const groups = mismatchGroups(workload);
  if (groups.length === 0) return <StatusOK>in sync</StatusOK>;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      {groups.map(group => {
        const explanation = mismatchExplanation(group, namespace);
        const title = `${explanation} (${group.pods.join(', ')})`;
        return (
          <Tooltip key={`${group.reason}-${group.sidecarRevision}`} title={title}>
            <Chip
              size="small"
              variant="outlined"
              icon={<WarningIcon style={{ color: '#b26a00' }} />}
              label={mismatchLabel(group)}
              aria-label={title}
              style={{ borderColor: '#b26a00' }}
            />
          </Tooltip>
        );
      })}
    </Box>
  );
}
