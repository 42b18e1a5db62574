import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { ClusterWorkloads } from '@meshfleet/plugin-mesh-common';
import { meshClusterRoleLabel } from '../shared';
import { injectionText } from './sidecarText';
import { WorkloadSidecarTable } from './WorkloadSidecarTable';

/** The namespaces' injection in one cluster, a chip each; one that asks for an injector the cluster lacks says why. */
function NamespaceChips(props: { cluster: ClusterWorkloads }) {
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mb={1}>
      {props.cluster.namespaces
        .filter(n => n.exists)
        .map(n => {
          const chip = <Chip size="small" label={`${n.namespace}: ${injectionText(n)}`} color={n.problem ? 'secondary' : 'default'} />;
          return n.problem ? (
            <Tooltip key={n.namespace} title={n.problem}>
              {chip}
            </Tooltip>
          ) : (
            <span key={n.namespace}>{chip}</span>
          );
        })}
    </Box>
  );
}

/**
 * One cluster of the answer: its role, injectors, namespaces' injection and
 * workloads, or the reason it could not be read (the other clusters are shown as usual).
 */
export function ClusterWorkloadsSection(props: { cluster: ClusterWorkloads; showNamespace?: boolean }) {
  const { cluster } = props;
  const role = meshClusterRoleLabel(cluster.role);
  if (cluster.error) {
    return (
      <WarningPanel severity="error" title={`Cluster ${cluster.cluster} (${role}) could not be read`}>
        {cluster.error}
      </WarningPanel>
    );
  }
  const tags = cluster.tags.map(t => `${t.tag} → ${t.revision}`).join(', ');
  return (
    <Box>
      <Typography variant="h6">
        {cluster.cluster} <Typography component="span" variant="body2">({role})</Typography>
      </Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        Injectors: {cluster.revisions.join(', ') || 'none'}
        {tags ? `; tags: ${tags}` : ''}
      </Typography>
      <NamespaceChips cluster={cluster} />
      <WorkloadSidecarTable cluster={cluster} showNamespace={props.showNamespace} />
    </Box>
  );
}
